package dev.sagebox.training;

import dev.sagebox.aws.Region;
import java.time.Instant;
import java.util.List;

/**
 * A training job: its spec (the validated request with defaults) plus its state. Immutable; each change yields a new
 * value that the job's runner stores in one transaction.
 */
public record TrainingJob(String arn, Region region, CreateTrainingJobRequest spec, Instant creationTime,
                          TrainingJobStatus status, SecondaryStatus secondaryStatus,
                          List<SecondaryStatusTransition> transitions, Instant lastModifiedTime,
                          Instant trainingStartTime, Instant trainingEndTime, String failureReason,
                          List<MetricData> finalMetrics, String modelArtifacts) {

    /** A job as CreateTrainingJob records it: InProgress / Starting. */
    static TrainingJob created(String arn, Region region, CreateTrainingJobRequest spec, String modelArtifacts,
                               Instant now) {
        TrainingJob fresh = new TrainingJob(arn, region, spec, now, TrainingJobStatus.IN_PROGRESS,
                SecondaryStatus.STARTING, List.of(), now, null, null, null, List.of(), modelArtifacts);
        return SecondaryStatus.transition(fresh, SecondaryStatus.STARTING, SecondaryStatus.MSG_STARTING, now);
    }

    public String name() {
        return spec.trainingJobName();
    }

    TrainingJob moved(TrainingJobStatus newStatus, SecondaryStatus newSecondary,
                      List<SecondaryStatusTransition> newTransitions, Instant at) {
        Instant end = newStatus.isTerminal() ? at : trainingEndTime;
        return new TrainingJob(arn, region, spec, creationTime, newStatus, newSecondary, newTransitions, at,
                trainingStartTime, end, failureReason, finalMetrics, modelArtifacts);
    }

    /** Records the first container start (TrainingStartTime); later starts keep the first. */
    public TrainingJob withTrainingStarted(Instant at) {
        return trainingStartTime != null ? this : new TrainingJob(arn, region, spec, creationTime, status,
                secondaryStatus, transitions, at, at, trainingEndTime, failureReason, finalMetrics, modelArtifacts);
    }

    /** Sets FailureReason, cut to the 1024 characters AWS allows. */
    public TrainingJob withFailureReason(String reason) {
        String cut = reason.length() > 1024 ? reason.substring(0, 1024) : reason;
        return new TrainingJob(arn, region, spec, creationTime, status, secondaryStatus, transitions,
                lastModifiedTime, trainingStartTime, trainingEndTime, cut, finalMetrics, modelArtifacts);
    }

    public TrainingJob withFinalMetrics(List<MetricData> metrics) {
        return new TrainingJob(arn, region, spec, creationTime, status, secondaryStatus, transitions,
                lastModifiedTime, trainingStartTime, trainingEndTime, failureReason, List.copyOf(metrics),
                modelArtifacts);
    }

    /** TrainingTimeInSeconds and BillableTimeInSeconds: max(1, end - start), once both are known. */
    Integer trainingSeconds() {
        if (trainingStartTime == null || trainingEndTime == null) {
            return null;
        }
        long seconds = trainingEndTime.getEpochSecond() - trainingStartTime.getEpochSecond();
        return (int) Math.max(1, seconds);
    }
}
