package dev.sagebox.training.run;

import dev.sagebox.jobs.ChannelStager;
import dev.sagebox.jobs.HostsOutcome;
import dev.sagebox.jobs.JobDirectory;
import dev.sagebox.jobs.HostsOutcome.Ending;
import dev.sagebox.jobs.MetricScraper;
import dev.sagebox.jobs.ObjectFiles;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.jobs.StagedFile;
import dev.sagebox.jobs.StagingException;
import dev.sagebox.jobs.placement.Placement;
import dev.sagebox.jobs.placement.PlacementException;
import dev.sagebox.runtime.WorkloadRejectedException;
import dev.sagebox.scriptmode.ScriptModeHyperparameters;
import dev.sagebox.scriptmode.ScriptModeProgram;
import dev.sagebox.training.Channel;
import dev.sagebox.training.MetricData;
import dev.sagebox.training.MetricDefinition;
import dev.sagebox.training.SecondaryStatus;
import dev.sagebox.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training job from Starting to its terminal status (CONTRACTS §3.2–3.4). Runs on its own virtual thread and is
 * the only writer of the job's status meanwhile; StopTrainingJob reaches it through {@link #requestStop()}.
 */
final class TrainingRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    private static final long CHECKPOINT_INTERVAL_SECONDS = 10;

    private final TrainingJobRunner.Parts parts;
    private final String baseUrl;
    private final Runnable onEnd;
    private final CompletableFuture<Void> stopSignal = new CompletableFuture<>();
    private final CompletableFuture<Boolean> stopAck = new CompletableFuture<>();
    private final List<TrainingHost> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final MetricScraper metrics;
    private volatile boolean abandoned;
    private TrainingJob job;

    TrainingRun(TrainingJobRunner.Parts parts, TrainingJob job, String baseUrl, Runnable onEnd) {
        this.parts = parts;
        this.job = job;
        this.baseUrl = baseUrl;
        this.onEnd = onEnd;
        Map<String, String> definitions = new LinkedHashMap<>();
        List<MetricDefinition> defined = job.spec().algorithmSpecification().metricDefinitions();
        (defined == null ? List.<MetricDefinition>of() : defined).forEach(d -> definitions.put(d.name(), d.regex()));
        this.metrics = new MetricScraper(definitions);
    }

    /** Completes once the run has stored Stopping, or has ended. */
    CompletableFuture<Boolean> requestStop() {
        stopSignal.complete(null);
        return stopAck;
    }

    /** The server is shutting down: kill the workloads and write nothing more. */
    void abandon() {
        abandoned = true;
        hosts.forEach(h -> h.stop(java.time.Duration.ZERO));
        stopAck.complete(true);
    }

    @Override
    public void run() {
        boolean permitted = false;
        try {
            permitted = acquirePermit();
            if (stopSignal.isDone()) {
                stopBeforeStart();
                return;
            }
            move(SecondaryStatus.STARTING, SecondaryStatus.MSG_PREPARING);
            Placement placement = place();
            TrainingCommand command = placement instanceof Placement.HostProcess process
                    ? TrainingCommand.resolve(job.spec(), process.mapping(), parts.settings().python()) : null;
            refuseUnsupportedInput();
            move(SecondaryStatus.DOWNLOADING, SecondaryStatus.MSG_DOWNLOADING);
            // In a container or bwrap, file:// directory channels become read-only bind mounts instead of copies.
            prepareHosts(placement instanceof Placement.Container || placement.runtime().honoursMounts());
            ScriptModeSetup scriptMode = command != null && command.isScriptMode() ? scriptModeSetup() : null;
            if (stopSignal.isDone()) {
                stopBeforeStart();
                return;
            }
            move(SecondaryStatus.TRAINING, SecondaryStatus.MSG_IMAGE);
            startHosts(placement, command, scriptMode);
            move(SecondaryStatus.TRAINING, SecondaryStatus.MSG_TRAINING);
            finish(awaitOutcome());
        } catch (ClientError e) {
            fail("ClientError: " + e.getMessage());
        } catch (StagingException | WorkloadRejectedException e) {
            fail("ClientError: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("InternalServerError: the job was interrupted while Sagebox shut down");
        } catch (Exception | Error e) {
            if (!abandoned) {
                LOG.error("training job {} failed inside Sagebox", job.name(), e);
                fail("InternalServerError: " + e);
            }
        } finally {
            hosts.forEach(TrainingHost::close);
            if (permitted) {
                parts.permits().release();
            }
            onEnd.run();
            stopAck.complete(true);
        }
    }

    private boolean acquirePermit() throws InterruptedException {
        if (parts.permits().tryAcquire()) {
            return true;
        }
        move(SecondaryStatus.STARTING, SecondaryStatus.MSG_LAUNCHING);
        while (!parts.permits().tryAcquire(200, TimeUnit.MILLISECONDS)) {
            if (stopSignal.isDone()) {
                return false;
            }
        }
        return true;
    }

    private void refuseUnsupportedInput() throws ClientError {
        for (Channel channel : job.spec().inputDataConfig() == null ? List.<Channel>of()
                : job.spec().inputDataConfig()) {
            if ("Pipe".equals(TrainingJobFiles.inputMode(job.spec(), channel))) {
                throw new ClientError("Channel " + channel.channelName() + " uses Pipe input mode, which the process"
                        + " runtime does not support yet; use File or FastFile");
            }
        }
    }

    private void prepareHosts(boolean inContainers) throws IOException, StagingException {
        Path jobDir = jobDir();
        if (Files.exists(jobDir)) {
            // A job of the same name ran before a restart or was deleted; its tree is stale.
            dev.sagebox.jobs.TreeRemover.remove(jobDir);
        }
        int count = job.spec().resourceConfig().hostCount();
        for (int i = 0; i < count; i++) {
            hosts.add(TrainingHost.prepare(job, jobDir, i, count, parts.stager().forJob(inContainers), parts.objects(),
                    inContainers));
        }
    }

    private Path jobDir() {
        return JobDirectory.of(parts.settings().jobsDir(), job.name(), job.region());
    }

    /** Installs the script-mode program and finds the stored file of an s3:// submit directory. */
    private ScriptModeSetup scriptModeSetup() throws IOException, ClientError {
        Path dataDir = parts.settings().dataDir();
        ScriptModeProgram program = ScriptModeProgram.installIn(dataDir);
        Path tarball = null;
        Optional<String> submit = ScriptModeHyperparameters.submitDirectory(job.spec().hyperParameters());
        if (submit.isPresent() && submit.get().startsWith("s3://")) {
            S3Location location = S3Location.parse(submit.get());
            try {
                tarball = parts.objects().list(location.bucket(), location.key()).stream()
                        .filter(o -> o.key().equals(location.key())).findFirst()
                        .map(ObjectFiles.ObjectFile::file).orElse(null);
            } catch (IOException e) {
                throw new ClientError("Cannot read sagemaker_submit_directory " + submit.get() + ": "
                        + e.getMessage());
            }
            if (tarball == null) {
                throw new ClientError("sagemaker_submit_directory " + submit.get() + " does not exist");
            }
        }
        return new ScriptModeSetup(program, ScriptModeProgram.defaultVenvCache(dataDir), tarball);
    }

    private Placement place() throws ClientError {
        try {
            return parts.runtimes().place(job.spec().algorithmSpecification().trainingImage());
        } catch (PlacementException e) {
            throw new ClientError(e.getMessage());
        }
    }

    private void startHosts(Placement placement, TrainingCommand command, ScriptModeSetup scriptMode)
            throws IOException {
        Instant startedAt = Instant.now();
        for (TrainingHost host : hosts) {
            host.start(job, new TrainingHost.Launch(placement, command, scriptMode,
                    parts.settings().instanceTypes(), baseUrl), parts.logs(), metrics, startedAt);
        }
        job = parts.updates().started(job);
    }

    private record Outcome(Ending ending, String failureReason) {
    }

    private Outcome awaitOutcome() throws Exception {
        if (job.spec().checkpointConfig() != null) {
            CompletableFuture<Void> allExited = CompletableFuture.allOf(hosts.stream().map(TrainingHost::exit)
                    .toArray(CompletableFuture[]::new));
            Thread.ofVirtual().name("checkpoints-" + job.name()).start(() -> syncCheckpointsUntil(allExited));
        }
        long maxRuntime = job.spec().stoppingCondition().maxRuntimeInSeconds();
        HostsOutcome<TrainingHost> outcome = HostsOutcome.await(List.copyOf(hosts), stopSignal,
                job.trainingStartTime().plusSeconds(maxRuntime), parts.settings().stopGrace(), this::stopping);
        if (outcome.ending() == Ending.FAILED) {
            // The first failing host fails the job; the others were stopped (CONTRACTS §3.2).
            return new Outcome(outcome.ending(), "AlgorithmError: " + outcome.failed().failureText(
                    outcome.exitStatus()) + ", exit code: " + outcome.exitStatus().code());
        }
        return new Outcome(outcome.ending(), null);
    }

    /** Uploads changed checkpoints every 10 s while the workloads run (CONTRACTS §3.4). */
    private void syncCheckpointsUntil(CompletableFuture<Void> allExited) {
        while (!abandoned) {
            try {
                allExited.get(CHECKPOINT_INTERVAL_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                syncCheckpoints();
            } catch (InterruptedException e) {
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                return;
            }
        }
    }

    private void syncCheckpoints() {
        for (TrainingHost host : hosts) {
            try {
                host.syncCheckpoints();
            } catch (IOException e) {
                LOG.warn("training job {}: checkpoint upload from {} failed: {}", job.name(), host.name(),
                        e.getMessage());
            }
        }
    }

    private static List<MetricData> metricData(List<MetricScraper.Value> values) {
        return values.stream().map(v -> new MetricData(v.name(), v.value(), v.timestamp())).toList();
    }

    private void stopping() {
        move(SecondaryStatus.STOPPING, SecondaryStatus.MSG_STOPPING);
        stopAck.complete(true);
    }

    private void finish(Outcome outcome) throws IOException {
        List<MetricScraper.Value> values = metrics.finalValues();
        if (!values.isEmpty()) {
            job = parts.updates().metrics(job, metricData(values), metricData(metrics.history()));
        }
        Outcome result = outcome;
        Optional<StagedFile> modified = modifiedInput();
        if (modified.isPresent() && outcome.ending() != Ending.FAILED) {
            result = new Outcome(Ending.FAILED, "ClientError: the job modified input " + modified.get().source()
                    + " (channel " + modified.get().channel() + "); inputs are read-only");
        }
        move(SecondaryStatus.UPLOADING, SecondaryStatus.MSG_UPLOADING);
        syncCheckpoints();
        try {
            parts.artifacts().upload(job, hosts, jobDir());
        } catch (IOException e) {
            if (result.ending() != Ending.FAILED) {
                result = new Outcome(Ending.FAILED, "ClientError: could not upload the model artifacts to "
                        + job.modelArtifacts() + ": " + e.getMessage());
            }
        }
        switch (result.ending()) {
            case COMPLETED -> move(SecondaryStatus.COMPLETED, SecondaryStatus.MSG_COMPLETED);
            case FAILED -> job = parts.updates().fail(job, result.failureReason());
            case STOPPED -> move(SecondaryStatus.STOPPED, SecondaryStatus.MSG_STOPPED);
            case MAX_RUNTIME -> move(SecondaryStatus.MAX_RUNTIME_EXCEEDED, SecondaryStatus.MSG_MAX_RUNTIME);
        }
    }

    private Optional<StagedFile> modifiedInput() throws IOException {
        for (TrainingHost host : hosts) {
            Optional<StagedFile> modified = ChannelStager.firstModified(host.staged());
            if (modified.isPresent()) {
                return modified;
            }
        }
        return Optional.empty();
    }

    /** Before any workload started, a stop goes straight to Stopped (CONTRACTS §3.3). */
    private void stopBeforeStart() {
        stopping();
        move(SecondaryStatus.STOPPED, SecondaryStatus.MSG_STOPPED);
    }

    private void fail(String reason) {
        if (!abandoned && !job.status().isTerminal()) {
            job = parts.updates().fail(job, reason);
        }
    }

    private void move(SecondaryStatus next, String message) {
        if (abandoned) {
            throw new IllegalStateException("abandoned at shutdown");
        }
        job = parts.updates().move(job, next, message);
    }
}
