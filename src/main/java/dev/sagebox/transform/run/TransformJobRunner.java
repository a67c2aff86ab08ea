package dev.sagebox.transform.run;

import dev.sagebox.hosting.api.CreateModelRequest;
import dev.sagebox.hosting.serve.ServingFleet;
import dev.sagebox.logs.LogShipper;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.transform.TransformJob;
import dev.sagebox.transform.TransformJobLauncher;
import dev.sagebox.transform.TransformJobUpdates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each transform job on a virtual thread of its own, serving the model through the hosting fleet's batch
 * instances. Closing it (server shutdown) ends every running job as Failed, saying why, and stops its instances.
 */
public final class TransformJobRunner implements TransformJobLauncher, AutoCloseable {
    /** What every run needs. */
    record Context(TransformJobUpdates updates, ServingFleet fleet, ObjectStore objects, LogShipper logs,
                   Path workRoot, Duration readyTimeout, Clock clock) {
    }

    private final Context context;
    private final Map<String, TransformRun> runs = new ConcurrentHashMap<>();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();

    /**
     * @param workRoot     where runs keep outputs while they are being assembled
     * @param readyTimeout how long a container may take to answer {@code /ping}
     */
    public TransformJobRunner(TransformJobUpdates updates, ServingFleet fleet, ObjectStore objects, LogShipper logs,
                              Path workRoot, Duration readyTimeout, Clock clock) {
        this.context = new Context(updates, fleet, objects, logs, workRoot, readyTimeout, clock);
    }

    @Override
    public void launch(TransformJob job, CreateModelRequest model) {
        TransformRun run = new TransformRun(context, job, model);
        runs.put(job.arn(), run);
        Thread thread = Thread.ofVirtual().name("sagebox-transform-end-" + job.name()).unstarted(() -> {
            try {
                run.start().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                runs.remove(job.arn(), run);
                threads.remove(job.arn());
            }
        });
        threads.put(job.arn(), thread);
        thread.start();
    }

    @Override
    public CompletableFuture<Boolean> requestStop(String arn) {
        TransformRun run = runs.get(arn);
        return CompletableFuture.completedFuture(run != null && run.requestStop());
    }

    @Override
    public void close() {
        runs.values().forEach(TransformRun::shutDown);
        for (Thread thread : threads.values()) {
            try {
                thread.join(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
