package dev.sagebox.training.run;

import dev.sagebox.jobs.ChannelStager;
import dev.sagebox.jobs.ObjectFiles;
import dev.sagebox.jobs.placement.InstanceTypes;
import dev.sagebox.jobs.placement.RuntimeSelector;
import dev.sagebox.logs.LogShipper;
import dev.sagebox.training.TrainingJob;
import dev.sagebox.training.TrainingJobLauncher;
import dev.sagebox.training.TrainingJobUpdates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Runs each training job on a virtual thread of its own ({@link TrainingRun}), which alone writes that job's status
 * until it is terminal. At most {@code concurrentJobs} jobs run at once; the others wait in Starting.
 */
public final class TrainingJobRunner implements TrainingJobLauncher, AutoCloseable {
    /**
     * How the runner is set up.
     *
     * @param dataDir        the data dir: job trees go to {@code <data>/jobs}, the script-mode program to
     *                       {@code <data>/lib} and its venvs to {@code <data>/cache/venvs}
     * @param stopGrace      SIGTERM-to-SIGKILL wait on stop or time-out ({@code sagebox.training.stopGraceSeconds})
     * @param concurrentJobs jobs allowed to run at once ({@code sagebox.limits.concurrentJobs})
     * @param copyChannels   stage copies instead of hard links ({@code sagebox.training.copyChannels})
     * @param python         script mode's interpreter when a mapping names none ({@code sagebox.process.python})
     * @param instanceTypes  container limits per instance type ({@code sagebox.instanceTypes})
     */
    public record Settings(Path dataDir, Duration stopGrace, int concurrentJobs, boolean copyChannels,
                           String python, InstanceTypes instanceTypes) {
        public Path jobsDir() {
            return dataDir.resolve("jobs");
        }
    }

    /** What every run of this runner shares. */
    record Parts(TrainingJobUpdates updates, Settings settings, RuntimeSelector runtimes, ObjectFiles objects,
                 ChannelStager stager, TrainingArtifacts artifacts, LogShipper logs, Semaphore permits) {
    }

    /** Label naming the jobs directory, so a server reaps only its own orphans, not another data dir's. */
    static final String JOBS_LABEL = "sagebox.jobs";

    private final Parts parts;
    private final Map<String, TrainingRun> running = new ConcurrentHashMap<>();

    public TrainingJobRunner(TrainingJobUpdates updates, Settings settings, RuntimeSelector runtimes,
                             ObjectFiles objects, LogShipper logs) {
        this.parts = new Parts(updates, settings, runtimes, objects,
                new ChannelStager(objects, settings.copyChannels()),
                new TrainingArtifacts(objects), logs, new Semaphore(settings.concurrentJobs(), true));
        int reaped = runtimes.reapOrphans(Map.of(JOBS_LABEL, settings.jobsDir().toString()));
        if (reaped > 0) {
            org.slf4j.LoggerFactory.getLogger(TrainingJobRunner.class)
                    .warn("killed {} training workloads left running by an earlier Sagebox", reaped);
        }
    }

    @Override
    public void launch(TrainingJob job, String baseUrl) {
        TrainingRun run = new TrainingRun(parts, job, baseUrl, () -> running.remove(job.arn()));
        running.put(job.arn(), run);
        Thread.ofVirtual().name("training-" + job.name()).start(run);
    }

    /**
     * Kills every running workload and abandons its run without further status writes: the store is about to close,
     * and the next start marks these jobs Failed (the server stopped under them).
     */
    @Override
    public void close() {
        running.values().forEach(TrainingRun::abandon);
        running.clear();
    }

    @Override
    public CompletableFuture<Boolean> requestStop(String arn) {
        TrainingRun run = running.get(arn);
        return run == null ? CompletableFuture.completedFuture(false) : run.requestStop();
    }
}
