package dev.sagebox.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A running workload. Its exit completes once every output line has been handed to the listener. */
public interface Workload {
    /** An id for logs and diagnostics: a pid or a container id. */
    String id();

    /** Completes when the workload has ended and its output is drained. */
    CompletableFuture<ExitStatus> onExit();

    /** Blocks until the workload ends. */
    default ExitStatus waitFor() throws InterruptedException {
        try {
            return onExit().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("workload " + id() + " could not be awaited", e.getCause());
        }
    }

    /**
     * Stops the workload: SIGTERM to all of it, then SIGKILL after {@code grace}. Returns at once; the exit status
     * becomes {@link ExitStatus.Stopped}.
     */
    void stop(Duration grace);

    /** Like {@link #stop}, but the exit status becomes {@link ExitStatus.TimedOut}. */
    void timeOut(Duration grace);
}
