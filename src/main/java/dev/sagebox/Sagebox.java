package dev.sagebox;

import dev.sagebox.auth.AuthMode;
import dev.sagebox.auth.KeyPairs;
import dev.sagebox.auth.SigV4Handler;
import dev.sagebox.aws.Operation;
import dev.sagebox.cli.SageboxCommand;
import dev.sagebox.frontdoor.FrontDoor;
import dev.sagebox.hosting.Hosting;
import dev.sagebox.hosting.serve.AsyncInvocations;
import dev.sagebox.hosting.serve.DataCapture;
import dev.sagebox.hosting.serve.Invocations;
import dev.sagebox.hosting.serve.ModelDataCache;
import dev.sagebox.hosting.serve.ContainerInstanceLauncher;
import dev.sagebox.hosting.serve.ProcessInstanceLauncher;
import dev.sagebox.hosting.serve.ServingFleet;
import dev.sagebox.images.ImageAliases;
import dev.sagebox.jobs.ProcessImages;
import dev.sagebox.jobs.placement.InstanceTypes;
import dev.sagebox.jobs.placement.RuntimeSelector;
import dev.sagebox.jobs.StoreObjectFiles;
import dev.sagebox.logs.CloudWatchLogs;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.processing.ProcessingJobLauncher;
import dev.sagebox.processing.ProcessingJobUpdates;
import dev.sagebox.processing.ProcessingJobs;
import dev.sagebox.processing.run.ProcessingJobRunner;
import dev.sagebox.protocol.awsjson.AwsJsonCodec;
import dev.sagebox.protocol.awsjson.JsonMappers;
import dev.sagebox.protocol.awsjson.JsonService;
import dev.sagebox.protocol.query.QueryCodec;
import dev.sagebox.protocol.restjson.RuntimeCodec;
import dev.sagebox.protocol.s3.S3Codec;
import dev.sagebox.runtime.docker.DockerSettings;
import dev.sagebox.runtime.docker.DockerWorkloadRuntime;
import dev.sagebox.runtime.process.ProcessWorkloadRuntime;
import dev.sagebox.runtime.process.SandboxMode;
import dev.sagebox.state.StateStore;
import dev.sagebox.sts.CallerIdentity;
import dev.sagebox.tags.Tags;
import dev.sagebox.training.TrainingJobImports;
import dev.sagebox.training.TrainingJobLauncher;
import dev.sagebox.training.TrainingJobUpdates;
import dev.sagebox.training.TrainingJobs;
import dev.sagebox.training.run.TrainingJobRunner;
import dev.sagebox.transform.TransformJobs;
import dev.sagebox.transform.run.TransformJobRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import picocli.CommandLine;

/**
 * The composition root: opens the state, builds each feature, hands their operations to the codecs and starts the
 * front door. The only class that knows every part.
 */
public final class Sagebox implements AutoCloseable {
    private final SageboxConfig config;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final FrontDoor frontDoor;
    private final KeyPairs keyPairs;
    private final Duration startTime;
    /** Set once the front door listens; endpoint containers started before then get no endpoint URL. */
    private final AtomicReference<String> serverUrl = new AtomicReference<>();
    /** Completed once the front door listens: container reaps wait for it. */
    private final CompletableFuture<Void> listening = new CompletableFuture<>();

    private Sagebox(SageboxConfig config) throws Exception {
        long started = System.nanoTime();
        this.config = config;
        // Auth first: a refused credentials file must stop the start before any state is created.
        AuthMode authMode = AuthMode.parse(config.get(SageboxConfig.AUTH));
        keyPairs = KeyPairs.forMode(authMode, config.home());
        UnaryOperator<Handler> sigV4 =
                SigV4Handler.wrapping(keyPairs, config.getSeconds(SageboxConfig.AUTH_MAX_SKEW, 900));
        StateStore state = StateStore.open(config.home(),
                List.of(ObjectStore.schema(), CloudWatchLogs.SCHEMA, Tags.SCHEMA, TrainingJobs.SCHEMA, Hosting.SCHEMA,
                        ProcessingJobs.SCHEMA, TransformJobs.SCHEMA));
        closeables.add(state);
        boolean fsync = config.getBoolean(SageboxConfig.S3_FSYNC, true);
        ObjectStore objects = ObjectStore.open(config.home(), state, fsync);

        CallerIdentity sts = new CallerIdentity();
        // Closed before the state, so the last buffered log lines are stored.
        CloudWatchLogs logs = new CloudWatchLogs(state, Clock.systemUTC());
        closeables.add(0, logs);
        Tags tags = new Tags(state);
        // One selector for training, processing and serving: each Docker runtime loads docker-java and talks to the
        // engine, and three of them made start-up that much longer (server start bench). Its reaps of containers an
        // earlier server left wait until the front door listens, so they do not slow the first answer; no container
        // is placed before they end.
        RuntimeSelector runtimes = runtimes(config, closeables);
        runtimes.deferContainerReapsUntil(listening);
        TrainingJobLauncher launcher = trainingLauncher(config, state, objects, logs, runtimes);
        if (launcher instanceof AutoCloseable closeable) {
            // Closed before logs and state: runs must stop writing before those close.
            closeables.add(0, closeable);
        }
        TrainingJobs training = new TrainingJobs(state, tags, launcher, Clock.systemUTC(),
                config.getInt(SageboxConfig.MAX_INSTANCES_PER_JOB, 8));
        training.failInterrupted();
        List<Operation<?, ?>> sageMaker = new ArrayList<>();
        sageMaker.addAll(training.operations());
        ProcessingJobLauncher processingLauncher = processingLauncher(config, state, objects, logs, runtimes);
        if (processingLauncher instanceof AutoCloseable closeable) {
            closeables.add(0, closeable);
        }
        ProcessingJobs processing = new ProcessingJobs(state, tags, processingLauncher, Clock.systemUTC(),
                config.getInt(SageboxConfig.MAX_INSTANCES_PER_JOB, 8));
        processing.failInterrupted();
        sageMaker.addAll(processing.operations());
        sageMaker.addAll(tags.operations());
        ServingFleet fleet = servingFleet(config, objects, logs, runtimes, serverUrl::get);
        // Closed before logs and state: instances must stop writing log lines before those close.
        closeables.add(0, fleet);
        Hosting hosting = new Hosting(state, tags, fleet, Clock.systemUTC(),
                config.getSeconds(SageboxConfig.HOSTING_CREATE_WAIT, 0));
        hosting.recover();
        sageMaker.addAll(hosting.operations());
        sageMaker.addAll(transformJobs(config, state, tags, fleet, objects, logs, hosting, closeables).operations());

        List<Handler> codecs = List.of(
                new AwsJsonCodec(List.of(JsonService.sageMaker(sageMaker), JsonService.logs(logs.operations()),
                        JsonService.sageboxOwn("SageboxImport", "sagemaker", JsonMappers.sageMaker(),
                                new TrainingJobImports(state, Clock.systemUTC()).operations()))),
                runtimeCodec(config, fleet, objects),
                new QueryCodec(sts.operations()),
                new S3Codec(objects, config.get(SageboxConfig.VIRTUAL_HOST_BASE)));
        frontDoor = new FrontDoor(config.host(), config.port(), sigV4, codecs, hosting::reload);
        try {
            frontDoor.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        closeables.add(0, frontDoor);
        serverUrl.set(frontDoor.baseUrl());
        startTime = Duration.ofNanos(System.nanoTime() - started);
        listening.complete(null);
    }

    /** The training runner, or none when {@code sagebox.training.launch=false}. */
    private static TrainingJobLauncher trainingLauncher(SageboxConfig config, StateStore state, ObjectStore objects,
                                                        CloudWatchLogs logs, RuntimeSelector runtimes) {
        if (!config.getBoolean(SageboxConfig.TRAINING_LAUNCH, true)) {
            return TrainingJobLauncher.none();
        }
        TrainingJobRunner.Settings settings = new TrainingJobRunner.Settings(config.home(),
                config.getSeconds(SageboxConfig.STOP_GRACE_SECONDS, 120),
                config.getInt(SageboxConfig.CONCURRENT_JOBS, 2),
                config.getBoolean(SageboxConfig.COPY_CHANNELS, false),
                config.get(SageboxConfig.PROCESS_PYTHON, "python3"),
                InstanceTypes.parse(SageboxConfig.INSTANCE_TYPES, config.get(SageboxConfig.INSTANCE_TYPES)));
        return new TrainingJobRunner(TrainingJobUpdates.on(state, Clock.systemUTC()), settings, runtimes,
                new StoreObjectFiles(objects), logs.shipper());
    }

    /** The processing runner, or none when {@code sagebox.training.launch=false} (no jobs run at all). */
    private static ProcessingJobLauncher processingLauncher(SageboxConfig config, StateStore state,
                                                            ObjectStore objects, CloudWatchLogs logs,
                                                            RuntimeSelector runtimes) {
        if (!config.getBoolean(SageboxConfig.TRAINING_LAUNCH, true)) {
            return ProcessingJobLauncher.none();
        }
        ProcessingJobRunner.Settings settings = new ProcessingJobRunner.Settings(config.home(),
                config.getSeconds(SageboxConfig.STOP_GRACE_SECONDS, 120),
                config.getBoolean(SageboxConfig.PROCESSING_WRITABLE_INPUTS, false),
                InstanceTypes.parse(SageboxConfig.INSTANCE_TYPES, config.get(SageboxConfig.INSTANCE_TYPES)),
                Duration.ofMillis(config.getInt(SageboxConfig.PROCESSING_UPLOAD_INTERVAL_MS, 1000)));
        return new ProcessingJobRunner(ProcessingJobUpdates.on(state, Clock.systemUTC()), settings, runtimes,
                new StoreObjectFiles(objects), logs.shipper());
    }

    /**
     * Batch transform: jobs run the hosting fleet's instances of a model. Jobs that were running when the server last
     * stopped are marked Failed first, saying why.
     */
    private static TransformJobs transformJobs(SageboxConfig config, StateStore state, Tags tags, ServingFleet fleet,
                                               ObjectStore objects, CloudWatchLogs logs, Hosting hosting,
                                               List<AutoCloseable> closeables) {
        TransformJobRunner runner = new TransformJobRunner(TransformJobs.updates(state, Clock.systemUTC()), fleet,
                objects, logs.shipper(), config.home().resolve("transform"), Duration.ofSeconds(600),
                Clock.systemUTC());
        // Closed before the fleet, logs and state: runs record their end and stop their instances first.
        closeables.add(0, runner);
        TransformJobs jobs = new TransformJobs(state, tags, runner, hosting::findModel, Clock.systemUTC(),
                config.getInt(SageboxConfig.MAX_INSTANCES_PER_JOB, 8));
        jobs.failInterrupted();
        return jobs;
    }

    /** Docker (unless {@code sagebox.runtime=process}) and the process runtime, chosen per image at each launch. */
    private static RuntimeSelector runtimes(SageboxConfig config, List<AutoCloseable> closeables) {
        RuntimeSelector.Mode mode = RuntimeSelector.Mode.parse(SageboxConfig.RUNTIME,
                config.get(SageboxConfig.RUNTIME));
        DockerWorkloadRuntime docker = null;
        if (mode != RuntimeSelector.Mode.PROCESS || config.get(SageboxConfig.RUNTIME_IMAGES) != null) {
            docker = new DockerWorkloadRuntime(new DockerSettings(config.get(SageboxConfig.DOCKER_HOST),
                    config.getBoolean(SageboxConfig.DOCKER_ALLOW_PULL, false),
                    config.get(SageboxConfig.DOCKER_USER),
                    DockerSettings.parseSize(SageboxConfig.DOCKER_SHM_SIZE,
                            config.get(SageboxConfig.DOCKER_SHM_SIZE)),
                    config.getBoolean(SageboxConfig.DOCKER_REQUIRE_GPUS, false),
                    config.getBoolean(SageboxConfig.DOCKER_LIMITS, true),
                    imageAliases(config)));
            // Closed after the runners and the serving fleet (added to the front later), which stop their containers
            // first.
            closeables.add(0, docker);
        }
        Path images = Path.of(config.get(SageboxConfig.PROCESS_IMAGES,
                config.home().resolve("process-images.json").toString()));
        return new RuntimeSelector(mode, RuntimeSelector.parsePerImage(SageboxConfig.RUNTIME_IMAGES,
                config.get(SageboxConfig.RUNTIME_IMAGES)), docker,
                new ProcessWorkloadRuntime(SandboxMode.parse(SageboxConfig.PROCESS_SANDBOX,
                        config.get(SageboxConfig.PROCESS_SANDBOX))),
                new ProcessImages(images));
    }

    /** {@code sagebox images alias} entries (exact URIs) first, then the {@code sagebox.images} key's globs. */
    private static Map<String, String> imageAliases(SageboxConfig config) {
        try {
            return ImageAliases.in(config.home()).mergedWith(
                    ImageAliases.parseConfigured(config.get(SageboxConfig.IMAGES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SageMaker Runtime codec: synchronous and asynchronous invocations over the serving fleet. */
    private static RuntimeCodec runtimeCodec(SageboxConfig config, ServingFleet fleet, ObjectStore objects) {
        Invocations invocations = new Invocations(fleet, config.getSeconds(SageboxConfig.INVOCATION_TIMEOUT, 60),
                new DataCapture(objects, Clock.systemUTC()));
        return new RuntimeCodec(invocations, new AsyncInvocations(invocations, objects));
    }

    /** Serving: each model image runs where the runtime selector places it, as training images do (§4.4). */
    private static ServingFleet servingFleet(SageboxConfig config, ObjectStore objects, CloudWatchLogs logs,
                                             RuntimeSelector runtimes, Supplier<String> serverUrl) {
        Path images = Path.of(config.get(SageboxConfig.PROCESS_IMAGES,
                config.home().resolve("process-images.json").toString()));
        ProcessInstanceLauncher processes = new ProcessInstanceLauncher(new ProcessWorkloadRuntime(),
                new ProcessImages(images), config.home(), config.get(SageboxConfig.PROCESS_PYTHON, "python3"));
        ContainerInstanceLauncher launcher = new ContainerInstanceLauncher(runtimes, processes,
                config.home(), serverUrl);
        Path hosting = config.home().resolve("hosting");
        return new ServingFleet(launcher, new ModelDataCache(hosting.resolve("models"), objects), logs.shipper(),
                hosting.resolve("instances"), config.getSeconds(SageboxConfig.HOSTING_STOP_GRACE, 30));
    }

    /** Starts a server with the given configuration; it listens until {@link #close()}. */
    public static Sagebox start(SageboxConfig config) throws Exception {
        return new Sagebox(config);
    }

    public int port() {
        return frontDoor.port();
    }

    /** {@code http://127.0.0.1:<port>}: what clients and jobs use to reach this server. */
    public String baseUrl() {
        return frontDoor.baseUrl();
    }

    /** The key pairs requests are checked against; jobs and endpoints get temporary ones from here. */
    public KeyPairs keyPairs() {
        return keyPairs;
    }

    public SageboxConfig config() {
        return config;
    }

    /** How long start-up took, from opening the state to listening. */
    public Duration startTime() {
        return startTime;
    }

    public void join() throws InterruptedException {
        frontDoor.join();
    }

    /** Stops accepting requests, then closes every part in reverse order of creation. */
    @Override
    public void close() {
        // A start that failed never listened: waiting placements and reaps end instead of waiting for ever.
        listening.completeExceptionally(new IllegalStateException("Sagebox is stopping"));
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Sagebox.class).warn("error while stopping {}", closeable, e);
            }
        }
        closeables.clear();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SageboxCommand()).execute(args));
    }
}
