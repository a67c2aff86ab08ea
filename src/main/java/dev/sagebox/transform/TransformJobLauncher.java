package dev.sagebox.transform;

import dev.sagebox.hosting.api.CreateModelRequest;
import java.util.concurrent.CompletableFuture;

/** Runs transform jobs; {@code Sagebox.java} supplies the runner, and tests may supply none. */
public interface TransformJobLauncher {
    /** Starts running {@code job} on {@code model}'s containers; returns at once. */
    void launch(TransformJob job, CreateModelRequest model);

    /**
     * Asks the job's run to stop. Completes with true once the run has recorded Stopping (or ended), false when no
     * run owns the job.
     */
    CompletableFuture<Boolean> requestStop(String arn);

    /** A launcher that runs nothing: jobs stay InProgress until stopped. */
    static TransformJobLauncher none() {
        return new TransformJobLauncher() {
            @Override
            public void launch(TransformJob job, CreateModelRequest model) {
            }

            @Override
            public CompletableFuture<Boolean> requestStop(String arn) {
                return CompletableFuture.completedFuture(false);
            }
        };
    }
}
