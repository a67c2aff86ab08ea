package dev.sagebox.processing;

import dev.sagebox.state.StateStore;
import java.time.Clock;

/**
 * Writes a job's state changes, one store transaction each. Only the job's runner holds one for a running job, which
 * keeps a job's status single-writer.
 */
public final class ProcessingJobUpdates {
    private final ProcessingJobStore store;
    private final Clock clock;

    ProcessingJobUpdates(ProcessingJobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Updates on the processing jobs in {@code state}, for the runner that {@code Sagebox.java} builds. */
    public static ProcessingJobUpdates on(StateStore state, Clock clock) {
        return on(new ProcessingJobStore(state), clock);
    }

    static ProcessingJobUpdates on(ProcessingJobStore store, Clock clock) {
        return new ProcessingJobUpdates(store, clock);
    }

    /** Records the first container start. */
    public ProcessingJob started(ProcessingJob job) {
        return store(job.started(clock.instant()));
    }

    public ProcessingJob stopping(ProcessingJob job) {
        return store(job.moved(ProcessingJobStatus.STOPPING, clock.instant()));
    }

    /** Ends a stopping job as Stopped; {@code reason} says why when Sagebox stopped it (MaxRuntimeInSeconds). */
    public ProcessingJob stopped(ProcessingJob job, String exitMessage, String reason) {
        return store(job.withReasons(exitMessage, reason).moved(ProcessingJobStatus.STOPPED, clock.instant()));
    }

    public ProcessingJob completed(ProcessingJob job, String exitMessage) {
        return store(job.withReasons(exitMessage, null).moved(ProcessingJobStatus.COMPLETED, clock.instant()));
    }

    /** Ends the job as Failed with a reason and, when the workload wrote one, its exit message. */
    public ProcessingJob failed(ProcessingJob job, String failureReason, String exitMessage) {
        return store(job.withReasons(exitMessage, failureReason).moved(ProcessingJobStatus.FAILED,
                clock.instant()));
    }

    private ProcessingJob store(ProcessingJob job) {
        store.update(job);
        return job;
    }
}
