package dev.sagebox.transform;

import dev.sagebox.aws.Region;
import dev.sagebox.transform.api.CreateTransformJobRequest;
import java.time.Instant;

/**
 * A transform job: its spec (the validated request with defaults) plus its state. Immutable; each change yields a new
 * value that the job's runner stores in one transaction.
 *
 * @param settings the effective batch settings, known once the containers answered; null before
 */
public record TransformJob(String arn, Region region, CreateTransformJobRequest spec, Instant creationTime,
                           TransformJobStatus status, Instant lastModifiedTime, Instant transformStartTime,
                           Instant transformEndTime, String failureReason, BatchSettings settings) {
    static final int MAX_REASON = 1024;

    static TransformJob created(String arn, Region region, CreateTransformJobRequest spec, Instant now) {
        return new TransformJob(arn, region, spec, now, TransformJobStatus.IN_PROGRESS, now, null, null, null, null);
    }

    public String name() {
        return spec.transformJobName();
    }

    TransformJob moved(TransformJobStatus next, Instant at) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("transform job " + arn + " cannot move from " + status + " to " + next);
        }
        return new TransformJob(arn, region, spec, creationTime, next, at, transformStartTime,
                next.isTerminal() ? at : transformEndTime, failureReason, settings);
    }

    TransformJob started(Instant at, BatchSettings effective) {
        return new TransformJob(arn, region, spec, creationTime, status, at,
                transformStartTime == null ? at : transformStartTime, transformEndTime, failureReason, effective);
    }

    /** Sets FailureReason, cut to the 1024 characters AWS allows. */
    TransformJob withFailureReason(String reason) {
        String cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        return new TransformJob(arn, region, spec, creationTime, status, lastModifiedTime, transformStartTime,
                transformEndTime, cut, settings);
    }
}
