package dev.sagebox.processing;

import java.util.concurrent.CompletableFuture;

/**
 * Runs processing jobs. The launcher owns each running job's status from launch to its terminal state; the operations
 * only create jobs and ask for stops. {@code Sagebox.java} supplies the implementation.
 */
public interface ProcessingJobLauncher {
    /**
     * Starts running a job that was just stored as InProgress. Returns at once.
     *
     * @param baseUrl the server's own base URL, which the job's AWS clients are pointed at
     */
    void launch(ProcessingJob job, String baseUrl);

    /**
     * Asks the job's runner to stop it. The future completes once the runner has stored Stopping (or a terminal
     * status), or at once with {@code false} when no runner owns the job here.
     */
    CompletableFuture<Boolean> requestStop(String arn);

    /** A launcher that runs nothing: jobs stay InProgress until stopped. For control-plane-only servers. */
    static ProcessingJobLauncher none() {
        return new ProcessingJobLauncher() {
            @Override
            public void launch(ProcessingJob job, String baseUrl) {
            }

            @Override
            public CompletableFuture<Boolean> requestStop(String arn) {
                return CompletableFuture.completedFuture(false);
            }
        };
    }
}
