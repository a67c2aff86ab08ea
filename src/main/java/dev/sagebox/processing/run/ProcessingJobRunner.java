package dev.sagebox.processing.run;

import dev.sagebox.jobs.ChannelStager;
import dev.sagebox.jobs.ObjectFiles;
import dev.sagebox.jobs.placement.InstanceTypes;
import dev.sagebox.jobs.placement.RuntimeSelector;
import dev.sagebox.logs.LogShipper;
import dev.sagebox.processing.ProcessingJob;
import dev.sagebox.processing.ProcessingJobLauncher;
import dev.sagebox.processing.ProcessingJobUpdates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Runs each processing job on a virtual thread of its own ({@link ProcessingRun}), its status's only writer. */
public final class ProcessingJobRunner implements ProcessingJobLauncher, AutoCloseable {
    /**
     * How the runner is set up.
     *
     * @param dataDir        the data dir: job trees go to {@code <data>/processing-jobs}
     * @param stopGrace      SIGTERM-to-SIGKILL wait on stop or time-out ({@code sagebox.training.stopGraceSeconds})
     * @param writableInputs stage copies the job may write instead of read-only links
     *                       ({@code sagebox.processing.writableInputs})
     * @param instanceTypes  container limits per instance type ({@code sagebox.instanceTypes})
     * @param uploadInterval how often Continuous outputs are swept while a job runs
     */
    public record Settings(Path dataDir, Duration stopGrace, boolean writableInputs, InstanceTypes instanceTypes,
                           Duration uploadInterval) {
        public Path jobsDir() {
            return dataDir.resolve("processing-jobs");
        }
    }

    /** What every run of this runner shares. */
    record Parts(ProcessingJobUpdates updates, Settings settings, RuntimeSelector runtimes, ObjectFiles objects,
                 ChannelStager stager, LogShipper logs) {
    }

    /** Label naming the jobs directory, so a server reaps only its own orphans (as training's runner does). */
    static final String JOBS_LABEL = "sagebox.jobs";

    private final Parts parts;
    private final Map<String, ProcessingRun> running = new ConcurrentHashMap<>();

    public ProcessingJobRunner(ProcessingJobUpdates updates, Settings settings, RuntimeSelector runtimes,
                               ObjectFiles objects, LogShipper logs) {
        this.parts = new Parts(updates, settings, runtimes, objects,
                new ChannelStager(objects, settings.writableInputs()), logs);
        int reaped = runtimes.reapOrphans(Map.of(JOBS_LABEL, settings.jobsDir().toString()));
        if (reaped > 0) {
            org.slf4j.LoggerFactory.getLogger(ProcessingJobRunner.class)
                    .warn("killed {} processing workloads left running by an earlier Sagebox", reaped);
        }
    }

    @Override
    public void launch(ProcessingJob job, String baseUrl) {
        ProcessingRun run = new ProcessingRun(parts, job, baseUrl, () -> running.remove(job.arn()));
        running.put(job.arn(), run);
        Thread.ofVirtual().name("processing-" + job.name()).start(run);
    }

    /** Kills every running workload without further status writes; the next start marks those jobs Failed. */
    @Override
    public void close() {
        running.values().forEach(ProcessingRun::abandon);
        running.clear();
    }

    @Override
    public CompletableFuture<Boolean> requestStop(String arn) {
        ProcessingRun run = running.get(arn);
        return run == null ? CompletableFuture.completedFuture(false) : run.requestStop();
    }
}
