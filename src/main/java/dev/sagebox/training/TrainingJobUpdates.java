package dev.sagebox.training;

import java.time.Clock;
import java.util.List;

/**
 * Writes a job's state changes, one store transaction each. Only the job's runner holds one for a running job, which
 * is what keeps a job's status single-writer.
 */
public final class TrainingJobUpdates {
    private final TrainingJobStore store;
    private final Clock clock;

    TrainingJobUpdates(TrainingJobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Updates on the training jobs in {@code state}, for the runner that {@code Sagebox.java} builds. */
    public static TrainingJobUpdates on(dev.sagebox.state.StateStore state, Clock clock) {
        return new TrainingJobUpdates(new TrainingJobStore(state), clock);
    }

    /** Moves the job through the status machine and stores the result. */
    public TrainingJob move(TrainingJob job, SecondaryStatus next, String message) {
        TrainingJob moved = SecondaryStatus.transition(job, next, message, clock.instant());
        store.update(moved);
        return moved;
    }

    /** Records the first container start. */
    public TrainingJob started(TrainingJob job) {
        TrainingJob started = job.withTrainingStarted(clock.instant());
        store.update(started);
        return started;
    }

    /**
     * Records a job's metrics: the last value of each as {@code FinalMetricDataList}, and the whole series, kept for
     * the metric APIs and analytics that read more than the final values.
     */
    public TrainingJob metrics(TrainingJob job, List<MetricData> finalValues, List<MetricData> series) {
        TrainingJob updated = job.withFinalMetrics(finalValues);
        store.updateWithSeries(updated, series);
        return updated;
    }

    /** Ends the job as Failed with a reason. */
    public TrainingJob fail(TrainingJob job, String reason) {
        return move(job.withFailureReason(reason), SecondaryStatus.FAILED, SecondaryStatus.MSG_FAILED);
    }
}
