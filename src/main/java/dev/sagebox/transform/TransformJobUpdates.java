package dev.sagebox.transform;

import java.time.Clock;

/**
 * Writes a transform job's state changes, one store transaction each. Only the job's runner holds one for a running
 * job, which keeps a job's status single-writer; every move goes through {@link TransformJobStatus#canMoveTo}.
 */
public final class TransformJobUpdates {
    private final TransformJobStore store;
    private final Clock clock;

    TransformJobUpdates(TransformJobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records the start of the work: the containers answer and the effective batch settings are known. */
    public TransformJob started(TransformJob job, BatchSettings settings) {
        TransformJob started = job.started(clock.instant(), settings);
        store.update(started);
        return started;
    }

    public TransformJob completed(TransformJob job) {
        return move(job, TransformJobStatus.COMPLETED);
    }

    public TransformJob stopping(TransformJob job) {
        return move(job, TransformJobStatus.STOPPING);
    }

    public TransformJob stopped(TransformJob job) {
        return move(job, TransformJobStatus.STOPPED);
    }

    /** Ends the job as Failed with a reason. */
    public TransformJob failed(TransformJob job, String reason) {
        return move(job.withFailureReason(reason), TransformJobStatus.FAILED);
    }

    /** The job as stored now, for a runner that must not overwrite a change (a stop) made since it last read. */
    public TransformJob current(TransformJob job) {
        return store.findArn(job.arn()).orElse(job);
    }

    private TransformJob move(TransformJob job, TransformJobStatus next) {
        TransformJob moved = job.moved(next, clock.instant());
        store.update(moved);
        return moved;
    }
}
