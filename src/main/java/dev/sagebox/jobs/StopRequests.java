package dev.sagebox.jobs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How a Stop*Job call waits for the job's runner to take the stop. */
public final class StopRequests {
    private StopRequests() {
    }

    /**
     * Whether a runner owns the job and took the stop. SDKs describe right after stopping and expect Stopping; the
     * runner acknowledges within milliseconds, so the wait is short, and a runner that is slow still owns the job.
     */
    public static boolean awaitRunner(CompletableFuture<Boolean> acknowledged) {
        try {
            return acknowledged.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return true;
        }
    }
}
