package dev.sagebox.training;

import java.util.concurrent.CompletableFuture;

/**
 * Runs training jobs. The launcher owns each running job's status from launch to its terminal state; the operations
 * only create jobs and ask for stops. {@code Sagebox.java} supplies the implementation.
 */
public interface TrainingJobLauncher {
    /**
     * Starts running a job that was just stored as InProgress/Starting. Returns at once.
     *
     * @param baseUrl the server's own base URL, which the job's AWS clients are pointed at
     */
    void launch(TrainingJob job, String baseUrl);

    /**
     * Asks the job's runner to stop it. The future completes once the runner has stored the Stopping (or a terminal)
     * status, or at once with {@code false} when no runner owns the job here.
     */
    CompletableFuture<Boolean> requestStop(String arn);

    /** A launcher that runs nothing: jobs stay as created until stopped. For control-plane-only servers and tests. */
    static TrainingJobLauncher none() {
        return new TrainingJobLauncher() {
            @Override
            public void launch(TrainingJob job, String baseUrl) {
            }

            @Override
            public CompletableFuture<Boolean> requestStop(String arn) {
                return CompletableFuture.completedFuture(false);
            }
        };
    }
}
