package dev.sagebox.transform.run;

import dev.sagebox.hosting.api.ContainerDefinition;
import dev.sagebox.hosting.api.CreateModelRequest;
import dev.sagebox.hosting.serve.BatchInstances;
import dev.sagebox.hosting.serve.BatchPlan;
import dev.sagebox.hosting.serve.ServingException;
import dev.sagebox.jobs.TreeRemover;
import dev.sagebox.logs.LogWriter;
import dev.sagebox.transform.BatchSettings;
import dev.sagebox.transform.TransformJob;
import dev.sagebox.transform.TransformJobStatus;
import dev.sagebox.transform.TransformJobs;
import dev.sagebox.transform.api.CreateTransformJobRequest;
import dev.sagebox.transform.api.DataProcessing;
import dev.sagebox.transform.data.RecordFilters;
import dev.sagebox.transform.data.RecordFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transform job from start to end, on its own virtual thread: list the input, start the instances, settle the
 * batch settings, run the batches, and record the outcome. Status writes happen under one lock, so a stop
 * (Stopping) and the run's own end never overwrite each other.
 */
final class TransformRun {
    static final String LOG_GROUP = "/aws/sagemaker/TransformJobs";
    private static final Logger LOG = LoggerFactory.getLogger(TransformRun.class);

    private final TransformJobRunner.Context context;
    private final CreateModelRequest model;
    private final ReentrantLock statusLock = new ReentrantLock();
    private volatile TransformJob job;
    private volatile BatchPipeline pipeline;
    private volatile BatchInstances running;
    private volatile boolean shuttingDown;
    private volatile Thread thread;

    TransformRun(TransformJobRunner.Context context, TransformJob job, CreateModelRequest model) {
        this.context = context;
        this.job = job;
        this.model = model;
    }

    Thread start() {
        thread = Thread.ofVirtual().name("sagebox-transform-" + job.name()).start(this::run);
        return thread;
    }

    /** Records Stopping and cuts the run short; returns false when the job had already ended. */
    boolean requestStop() {
        statusLock.lock();
        try {
            if (job.status() != TransformJobStatus.IN_PROGRESS) {
                return job.status() == TransformJobStatus.STOPPING;
            }
            job = context.updates().stopping(job);
        } finally {
            statusLock.unlock();
        }
        interrupt();
        return true;
    }

    /** The server is closing: the job ends Failed, saying so. */
    void shutDown() {
        shuttingDown = true;
        interrupt();
    }

    private void interrupt() {
        BatchPipeline p = pipeline;
        if (p != null) {
            p.cancel();
            // Requests in flight wait in socket reads that no interrupt ends; stopping the containers does.
            BatchInstances i = running;
            if (i != null) {
                Thread.ofVirtual().name("sagebox-transform-stop-" + job.name()).start(i::close);
            }
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private boolean isStopping() {
        return shuttingDown || job.status() != TransformJobStatus.IN_PROGRESS;
    }

    private void run() {
        String failure = null;
        Path workDir = context.workRoot().resolve(job.name() + "-" + System.nanoTime());
        List<LogWriter> dataLogs = new ArrayList<>();
        try {
            failure = execute(workDir, dataLogs);
        } catch (ServingException | InputObjects.InputException e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "ClientError: " + e.getMessage();
        } catch (InterruptedException e) {
            // a stop or the server closing; finish() records which
        } catch (RuntimeException e) {
            LOG.error("transform job {} failed", job.arn(), e);
            failure = "InternalServerError: " + e;
        } finally {
            cleanUp(running, dataLogs, workDir);
            finish(failure);
        }
    }

    /** The job's work, up to its outcome: null when every output was published, else the failure reason. */
    private String execute(Path workDir, List<LogWriter> dataLogs)
            throws ServingException, InputObjects.InputException, IOException, InterruptedException {
        CreateTransformJobRequest spec = job.spec();
        OutputLocation location = new OutputLocation(context.objects(), spec.transformOutput().s3OutputPath(),
                spec.transformOutput().accept());
        location.check();
        // Input is listed before any container starts, so a wrong URI fails at once.
        List<InputObject> inputs = InputObjects.list(context.objects(),
                spec.transformInput().dataSource().s3DataSource());
        long epoch = context.clock().instant().getEpochSecond();
        BatchInstances instances = context.fleet().startBatch(plan(spec, ExecutionParameters.initial(spec), epoch));
        running = instances;
        BatchSettings settings = ExecutionParameters.settle(spec, instances.executionParameters());
        if (!recordStart(settings)) {
            return null;
        }
        for (int i = 0; i < instances.size(); i++) {
            dataLogs.add(context.logs().openStream(job.region(), LOG_GROUP,
                    stream(instances.instanceId(i), epoch) + "/data-log"));
        }
        Files.createDirectories(workDir);
        pipeline = pipeline(spec, settings, instances, inputs, location, workDir, dataLogs);
        return isStopping() ? null : pipeline.run();
    }

    private boolean recordStart(BatchSettings settings) {
        statusLock.lock();
        try {
            if (isStopping()) {
                return false;
            }
            job = context.updates().started(job, settings);
            return true;
        } finally {
            statusLock.unlock();
        }
    }

    private BatchPlan plan(CreateTransformJobRequest spec, BatchSettings initial, long epoch) {
        Map<String, String> env = new LinkedHashMap<>(spec.environment() == null ? Map.of() : spec.environment());
        env.put("SAGEMAKER_BATCH", "true");
        env.put("SAGEMAKER_MAX_PAYLOAD_IN_MB", Integer.toString(initial.maxPayloadInMB()));
        env.put("SAGEMAKER_BATCH_STRATEGY", initial.environmentStrategy());
        env.put("SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", Integer.toString(initial.maxConcurrentTransforms()));
        // Every container of an inference pipeline gets the batch variables, as the cloud gives them.
        List<ContainerDefinition> containers = model.allContainers().stream()
                .map(c -> BatchInstances.withEnvironment(c, env)).toList();
        return new BatchPlan(job.region(), job.name(), job.arn(), containers, model.containerHostnames(),
                Boolean.TRUE.equals(model.enableNetworkIsolation()), spec.transformResources().instanceCount(),
                LOG_GROUP, id -> stream(id, epoch), context.readyTimeout());
    }

    /** {@code <job>/<instance-id>-<epoch seconds of the start>} (CONTRACTS §9.1). */
    private String stream(String instanceId, long epoch) {
        return job.name() + "/" + instanceId + "-" + epoch;
    }

    private static BatchPipeline pipeline(CreateTransformJobRequest spec, BatchSettings settings,
                                          BatchInstances instances, List<InputObject> inputs,
                                          OutputLocation location, Path workDir, List<LogWriter> dataLogs) {
        DataProcessing dp = spec.dataProcessing();
        String contentType = spec.transformInput().contentType();
        String accept = spec.transformOutput().accept();
        RecordFilters filters = dp == null || !dp.isActive() ? null : new RecordFilters(dp.inputFilter(),
                dp.outputFilter(), dp.joinsInput(), RecordFormat.of(contentType), RecordFormat.of(accept));
        boolean gzip = "Gzip".equals(spec.transformInput().compressionType());
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (accept != null) {
            headers.put("Accept", accept);
        }
        BatchCutter cutter = new BatchCutter(settings, spec.transformInput().splitType(), gzip, filters,
                dp != null && dp.joinsInput());
        BatchSender sender = new BatchSender(instances, headers,
                Duration.ofSeconds(spec.modelClientConfig().invocationsTimeoutInSeconds()),
                spec.modelClientConfig().invocationsMaxRetries(),
                "Line".equals(spec.transformOutput().assembleWith()),
                filters != null && filters.rewritesOutput() ? filters : null, dp != null && dp.joinsInput(), gzip);
        return new BatchPipeline(inputs, cutter, sender, location, workDir, instances.size(),
                settings.maxConcurrentTransforms(), settings.isMultiRecord() ? 1 : 8, dataLogs);
    }

    private static void cleanUp(BatchInstances instances, List<LogWriter> dataLogs, Path workDir) {
        if (instances != null) {
            instances.close();
        }
        dataLogs.forEach(LogWriter::close);
        try {
            if (Files.exists(workDir)) {
                TreeRemover.remove(workDir);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}", workDir, e);
        }
    }

    private void finish(String failure) {
        statusLock.lock();
        try {
            if (job.status().isTerminal()) {
                return;
            }
            if (shuttingDown) {
                job = context.updates().failed(job, TransformJobs.SERVER_STOPPED);
            } else if (job.status() == TransformJobStatus.STOPPING) {
                job = context.updates().stopped(job);
            } else if (failure != null) {
                job = context.updates().failed(job, failure);
            } else {
                job = context.updates().completed(job);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record the end of transform job {}", job.arn(), e);
        } finally {
            statusLock.unlock();
        }
    }
}
