package dev.sagebox.processing;

import dev.sagebox.aws.Region;
import dev.sagebox.processing.api.CreateProcessingJobRequest;
import java.time.Instant;

/**
 * A processing job: its spec (the validated request with defaults) plus its state. Immutable; each change yields a
 * new value that the job's runner stores in one transaction.
 */
public record ProcessingJob(String arn, Region region, CreateProcessingJobRequest spec, Instant creationTime,
                            ProcessingJobStatus status, Instant lastModifiedTime, Instant processingStartTime,
                            Instant processingEndTime, String exitMessage, String failureReason) {
    private static final int MAX_TEXT = 1024;

    static ProcessingJob created(String arn, Region region, CreateProcessingJobRequest spec, Instant now) {
        return new ProcessingJob(arn, region, spec, now, ProcessingJobStatus.IN_PROGRESS, now, null, null, null,
                null);
    }

    public String name() {
        return spec.processingJobName();
    }

    /** The job in {@code next}; an illegal move is a bug in the caller, not a client error. */
    ProcessingJob moved(ProcessingJobStatus next, Instant at) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("processing job " + name() + " cannot move from " + status + " to "
                    + next);
        }
        return new ProcessingJob(arn, region, spec, creationTime, next, at, processingStartTime,
                next.isTerminal() ? at : processingEndTime, exitMessage, failureReason);
    }

    /** Records the first container start (ProcessingStartTime). */
    ProcessingJob started(Instant at) {
        return processingStartTime != null ? this : new ProcessingJob(arn, region, spec, creationTime, status, at,
                at, processingEndTime, exitMessage, failureReason);
    }

    /** Sets ExitMessage and FailureReason, each cut to the 1024 characters AWS allows; null leaves one as it is. */
    ProcessingJob withReasons(String exit, String failure) {
        return new ProcessingJob(arn, region, spec, creationTime, status, lastModifiedTime, processingStartTime,
                processingEndTime, exit == null ? exitMessage : cut(exit), failure == null ? failureReason
                : cut(failure));
    }

    private static String cut(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }
}
