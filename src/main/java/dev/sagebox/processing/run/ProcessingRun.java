package dev.sagebox.processing.run;

import dev.sagebox.jobs.ChannelStager;
import dev.sagebox.jobs.HostsOutcome;
import dev.sagebox.jobs.HostsOutcome.Ending;
import dev.sagebox.jobs.JobDirectory;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.jobs.StagedFile;
import dev.sagebox.jobs.StagingException;
import dev.sagebox.jobs.TreeRemover;
import dev.sagebox.jobs.placement.Placement;
import dev.sagebox.jobs.placement.PlacementException;
import dev.sagebox.processing.ProcessingJob;
import dev.sagebox.processing.api.ProcessingInput;
import dev.sagebox.processing.api.ProcessingOutput;
import dev.sagebox.runtime.WorkloadRejectedException;
import dev.sagebox.runtime.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing job from InProgress to its terminal status (CONTRACTS §8.2). Runs on its own virtual thread and is
 * the only writer of the job's status meanwhile; StopProcessingJob reaches it through {@link #requestStop()}.
 */
final class ProcessingRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingRun.class);
    static final String MAX_RUNTIME_REASON = "MaxRuntimeExceeded: the job ran longer than"
            + " StoppingCondition.MaxRuntimeInSeconds and was stopped";

    private final ProcessingJobRunner.Parts parts;
    private final String baseUrl;
    private final Runnable onEnd;
    private final CompletableFuture<Void> stopSignal = new CompletableFuture<>();
    private final CompletableFuture<Boolean> stopAck = new CompletableFuture<>();
    private final List<ProcessingHost> hosts = new CopyOnWriteArrayList<>();
    private volatile boolean abandoned;
    private ProcessingJob job;

    ProcessingRun(ProcessingJobRunner.Parts parts, ProcessingJob job, String baseUrl, Runnable onEnd) {
        this.parts = parts;
        this.job = job;
        this.baseUrl = baseUrl;
        this.onEnd = onEnd;
    }

    /** Completes once the run has stored Stopping, or has ended. */
    CompletableFuture<Boolean> requestStop() {
        stopSignal.complete(null);
        return stopAck;
    }

    /** The server is shutting down: kill the workloads and write nothing more. */
    void abandon() {
        abandoned = true;
        hosts.forEach(h -> h.stop(Duration.ZERO));
        stopAck.complete(true);
    }

    @Override
    public void run() {
        try {
            Placement placement = place();
            ProcessingWorkloads.HostCommand command = placement instanceof Placement.HostProcess process
                    ? ProcessingWorkloads.HostCommand.resolve(job.spec().appSpecification(), process.mapping())
                    : null;
            refuseUnsupportedInput();
            prepareHosts(placement instanceof Placement.Container || placement.runtime().honoursMounts());
            if (stopSignal.isDone()) {
                stopBeforeStart();
                return;
            }
            OutputUploader uploader = new OutputUploader(parts.objects(), outputTargets());
            startHosts(placement, command);
            finish(awaitOutcome(uploader), uploader);
        } catch (ClientError | StagingException | WorkloadRejectedException e) {
            fail("ClientError: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("InternalServerError: the job was interrupted while Sagebox shut down");
        } catch (Exception | Error e) {
            if (!abandoned) {
                LOG.error("processing job {} failed inside Sagebox", job.name(), e);
                fail("InternalServerError: " + e);
            }
        } finally {
            hosts.forEach(ProcessingHost::close);
            onEnd.run();
            stopAck.complete(true);
        }
    }

    private Placement place() throws ClientError {
        try {
            return parts.runtimes().place(job.spec().appSpecification().imageUri());
        } catch (PlacementException e) {
            throw new ClientError(e.getMessage());
        }
    }

    private void refuseUnsupportedInput() throws ClientError {
        for (ProcessingInput input : job.spec().inputs()) {
            if ("Pipe".equals(input.s3Input().s3InputMode())) {
                throw new ClientError("ProcessingInput " + input.inputName() + " uses S3InputMode Pipe, which"
                        + " Sagebox does not support for processing jobs yet; use File");
            }
        }
    }

    /** @param sandboxed whether the job's inputs will be mounted read-only (a container, or bwrap) */
    private void prepareHosts(boolean sandboxed) throws IOException, StagingException {
        Path jobDir = jobDir();
        if (Files.exists(jobDir)) {
            // A job of the same name ran before a restart; its tree is stale.
            TreeRemover.remove(jobDir);
        }
        for (int i = 0; i < job.spec().processingResources().hostCount(); i++) {
            hosts.add(ProcessingHost.prepare(job, jobDir, i, parts.stager().forJob(sandboxed),
                    parts.settings().writableInputs()));
        }
    }

    private Path jobDir() {
        return JobDirectory.of(parts.settings().jobsDir(), job.name(), job.region());
    }

    private List<OutputUploader.Target> outputTargets() {
        List<OutputUploader.Target> targets = new ArrayList<>();
        for (ProcessingHost host : hosts) {
            for (ProcessingOutput output : job.spec().outputs()) {
                targets.add(new OutputUploader.Target(output, host.local(output.s3Output().localPath()),
                        S3Location.parse(output.s3Output().s3Uri().replaceAll("/+$", ""))));
            }
        }
        return targets;
    }

    private void startHosts(Placement placement, ProcessingWorkloads.HostCommand command) throws ClientError,
            IOException {
        Instant startedAt = Instant.now();
        ProcessingWorkloads.Job run = new ProcessingWorkloads.Job(job, baseUrl, parts.settings().writableInputs(),
                parts.settings().instanceTypes());
        boolean sandboxed = placement.runtime().honoursMounts();
        for (ProcessingHost host : hosts) {
            Map<String, String> labels = Map.of("sagebox.arn", job.arn(), "sagebox.host", host.name(),
                    ProcessingJobRunner.JOBS_LABEL, parts.settings().jobsDir().toString());
            WorkloadSpec spec;
            String banner;
            if (placement instanceof Placement.Container container) {
                spec = ProcessingWorkloads.container(run, host, container.localImage(), labels);
                String image = job.spec().appSpecification().imageUri();
                banner = ProcessingWorkloads.banner(job, container.localImage().equals(image) ? ""
                        : " as local image " + container.localImage(), false, true, host.layout().root());
            } else {
                spec = ProcessingWorkloads.hostProcess(run, host, command, labels, sandboxed);
                banner = ProcessingWorkloads.banner(job, "", true, sandboxed, host.layout().root());
            }
            try {
                host.start(job, placement.runtime(), spec, banner, parts.logs(), startedAt);
            } catch (IOException e) {
                throw new ClientError("cannot start " + host.name() + ": " + e.getMessage());
            }
        }
        job = parts.updates().started(job);
    }

    private HostsOutcome<ProcessingHost> awaitOutcome(OutputUploader uploader)
            throws InterruptedException, ExecutionException {
        if (uploader.hasContinuous()) {
            CompletableFuture<Void> allExited = CompletableFuture.allOf(hosts.stream().map(ProcessingHost::exit)
                    .toArray(CompletableFuture[]::new));
            Thread.ofVirtual().name("uploads-" + job.name()).start(() -> uploadUntil(allExited, uploader));
        }
        long maxRuntime = job.spec().stoppingCondition().maxRuntimeInSeconds();
        return HostsOutcome.await(List.copyOf(hosts), stopSignal, job.processingStartTime().plusSeconds(maxRuntime),
                parts.settings().stopGrace(), this::stopping);
    }

    /** Sweeps Continuous outputs until every host has exited; the final sweep is {@link #finish}'s. */
    private void uploadUntil(CompletableFuture<Void> allExited, OutputUploader uploader) {
        while (!abandoned) {
            try {
                allExited.get(parts.settings().uploadInterval().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                try {
                    uploader.sweepContinuous();
                } catch (IOException | RuntimeException failed) {
                    LOG.warn("processing job {}: continuous upload failed: {}", job.name(), failed.getMessage());
                }
            } catch (InterruptedException | ExecutionException e) {
                return;
            }
        }
    }

    private void finish(HostsOutcome<ProcessingHost> outcome, OutputUploader uploader) throws IOException {
        Ending ending = outcome.ending();
        String exitMessage = exitMessage(outcome);
        String reason = switch (ending) {
            case FAILED -> "AlgorithmError: " + outcome.failed().failureText(outcome.exitStatus()) + ", exit code: "
                    + outcome.exitStatus().code();
            case MAX_RUNTIME -> MAX_RUNTIME_REASON;
            case COMPLETED, STOPPED -> null;
        };
        Optional<StagedFile> modified = parts.settings().writableInputs() ? Optional.empty() : modifiedInput();
        if (modified.isPresent() && ending != Ending.FAILED) {
            ending = Ending.FAILED;
            reason = "ClientError: the job modified input " + modified.get().source() + " (input "
                    + modified.get().channel() + "); inputs are read-only in Sagebox, while the cloud gives"
                    + " processing jobs writable copies: set sagebox.processing.writableInputs=true for those";
        }
        try {
            uploader.finish(ending != Ending.FAILED);
        } catch (IOException e) {
            if (ending != Ending.FAILED) {
                ending = Ending.FAILED;
                reason = "ClientError: could not upload the outputs: " + e.getMessage();
            }
        }
        job = switch (ending) {
            case COMPLETED -> parts.updates().completed(job, exitMessage);
            case FAILED -> parts.updates().failed(job, reason, exitMessage);
            case STOPPED, MAX_RUNTIME -> parts.updates().stopped(job, exitMessage, reason);
        };
    }

    /** The failing host's message, else the first host's that wrote one. */
    private String exitMessage(HostsOutcome<ProcessingHost> outcome) throws IOException {
        if (outcome.failed() != null && outcome.failed().exitMessage() != null) {
            return outcome.failed().exitMessage();
        }
        for (ProcessingHost host : hosts) {
            String message = host.exitMessage();
            if (message != null) {
                return message;
            }
        }
        return null;
    }

    private Optional<StagedFile> modifiedInput() throws IOException {
        for (ProcessingHost host : hosts) {
            Optional<StagedFile> modified = ChannelStager.firstModified(host.staged());
            if (modified.isPresent()) {
                return modified;
            }
        }
        return Optional.empty();
    }

    private void stopping() {
        if (abandoned) {
            throw new IllegalStateException("abandoned at shutdown");
        }
        job = parts.updates().stopping(job);
        stopAck.complete(true);
    }

    /** Before any workload started, a stop goes straight to Stopped (CONTRACTS §3.3). */
    private void stopBeforeStart() {
        stopping();
        job = parts.updates().stopped(job, null, null);
    }

    private void fail(String reason) {
        if (!abandoned && !job.status().isTerminal()) {
            job = parts.updates().failed(job, reason, null);
        }
    }
}
