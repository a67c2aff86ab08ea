package dev.sagebox.hosting.serve;

import dev.sagebox.aws.Region;
import dev.sagebox.hosting.api.ContainerDefinition;
import dev.sagebox.hosting.api.ProductionVariant;
import dev.sagebox.jobs.OutputTail;
import dev.sagebox.jobs.TreeRemover;
import dev.sagebox.logs.LogShipper;
import dev.sagebox.logs.LogWriter;
import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.Workload;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints being served: starts each variant's instances, waits for {@code /ping}, and stops them. Each
 * endpoint's instances are owned by the thread that deploys or deletes it; invocations only read them.
 */
public final class ServingFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingFleet.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TAIL_LINES = 20;

    private final InstanceLauncher launcher;
    private final ModelDataCache cache;
    private final LogShipper logs;
    private final Path instancesRoot;
    private final Duration stopGrace;
    private final Map<String, RunningEndpoint> byArn = new ConcurrentHashMap<>();
    private final Map<String, RunningEndpoint> byName = new ConcurrentHashMap<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();

    public ServingFleet(InstanceLauncher launcher, ModelDataCache cache, LogShipper logs, Path instancesRoot,
                        Duration stopGrace) {
        this.launcher = launcher;
        this.cache = cache;
        this.logs = logs;
        this.instancesRoot = instancesRoot;
        this.stopGrace = stopGrace;
    }

    /** Kills instances an earlier server process left running; call before redeploying endpoints. */
    public void reapOrphans() {
        launcher.reapOrphans();
    }

    /**
     * Starts every instance of {@code deployment} and blocks until all answer {@code /ping}. On failure, whatever
     * started is stopped again and the exception's message is the endpoint's failure reason.
     */
    public void deploy(Deployment deployment) throws ServingException, InterruptedException {
        RunningEndpoint endpoint = new RunningEndpoint(deployment.region(), deployment.endpointName(),
                deployment.endpointArn());
        endpoint.asyncConfig = deployment.asyncInferenceConfig();
        byArn.put(endpoint.arn, endpoint);
        byName.put(key(endpoint.region, endpoint.name), endpoint);
        try {
            start(endpoint, deployment);
        } catch (ServingException | RuntimeException | InterruptedException e) {
            forget(endpoint);
            throw e;
        }
    }

    /**
     * Blue/green: starts {@code deployment} beside the endpoint's current instances, and only once all of them answer
     * {@code /ping} switches traffic to them and stops the old ones. On failure the old instances keep serving.
     */
    public void replace(Deployment deployment) throws ServingException, InterruptedException {
        RunningEndpoint fresh = new RunningEndpoint(deployment.region(), deployment.endpointName(),
                deployment.endpointArn());
        fresh.asyncConfig = deployment.asyncInferenceConfig();
        start(fresh, deployment);
        RunningEndpoint old = byArn.get(deployment.endpointArn());
        if (old == null || old.stopped) {
            stopInstances(fresh);
            throw new ServingException("The endpoint was deleted while it was being updated.");
        }
        fresh.serving = true;
        byArn.put(fresh.arn, fresh);
        byName.put(key(fresh.region, fresh.name), fresh);
        old.serving = false;
        old.stopped = true;
        awaitDrained(old, Duration.ofSeconds(60));
        // The switch is done once traffic has moved; tearing the old fleet down may take the stop grace.
        Thread.ofVirtual().name("sagebox-retire-" + old.name).start(() -> stopInstances(old));
    }

    /** Lets calls already sent to the old side finish, so the switch fails none of them. */
    private static void awaitDrained(RunningEndpoint old, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (old.inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private void start(RunningEndpoint endpoint, Deployment deployment) throws ServingException, InterruptedException {
        try {
            if (deployment.variants().stream().anyMatch(v -> v.model().allContainers().size() > 1)) {
                throw new ServingException("Sagebox does not serve inference pipelines (several Containers) yet.");
            }
            for (Deployment.Variant v : deployment.variants()) {
                startVariant(endpoint, deployment, v);
            }
            for (Deployment.Variant v : deployment.variants()) {
                awaitVariant(endpoint, v.variant());
            }
        } catch (ServingException | RuntimeException | InterruptedException e) {
            endpoint.stopped = true;
            stopInstances(endpoint);
            throw e;
        }
        if (endpoint.stopped) {
            // Deleted while starting: the delete could not see instances started after it ran.
            stopInstances(endpoint);
            throw new ServingException("The endpoint was deleted while it was being created.");
        }
    }

    /** Lets invocations reach a deployed endpoint (once its status says InService). */
    public void open(String arn) {
        RunningEndpoint endpoint = byArn.get(arn);
        if (endpoint != null) {
            endpoint.serving = true;
        }
    }

    /** Stops an endpoint's instances (SIGTERM, then SIGKILL after the grace) and waits for them to end. */
    public void stop(String arn) {
        RunningEndpoint endpoint = byArn.get(arn);
        if (endpoint == null) {
            return;
        }
        forget(endpoint);
        stopInstances(endpoint);
    }

    private void forget(RunningEndpoint endpoint) {
        byArn.remove(endpoint.arn, endpoint);
        byName.remove(key(endpoint.region, endpoint.name), endpoint);
        endpoint.serving = false;
        endpoint.stopped = true;
    }

    private void stopInstances(RunningEndpoint endpoint) {
        for (Instance instance : endpoint.instances()) {
            instance.healthy = false;
            instance.connections.close();
            instance.workload.stop(stopGrace);
        }
        for (Instance instance : endpoint.instances()) {
            instance.workload.onExit().join();
            instance.connections.close();
            try {
                if (Files.exists(instance.dir)) {
                    TreeRemover.remove(instance.dir);
                }
            } catch (IOException e) {
                LOG.warn("could not remove instance directory {}", instance.dir, e);
            }
        }
    }

    /** Routes a new share of traffic to a variant, from the next invocation on. */
    public void setWeight(String arn, String variantName, float weight) {
        RunningEndpoint endpoint = byArn.get(arn);
        RunningEndpoint.Variant variant = endpoint == null ? null : endpoint.variant(variantName);
        if (variant != null) {
            variant.weight = weight;
        }
    }

    /** Instances of a variant that currently get traffic. */
    public int healthyInstances(String arn, String variantName) {
        RunningEndpoint endpoint = byArn.get(arn);
        RunningEndpoint.Variant variant = endpoint == null ? null : endpoint.variant(variantName);
        return variant == null ? 0 : (int) variant.instances.stream().filter(i -> i.healthy).count();
    }

    RunningEndpoint find(Region region, String exactName) {
        return byName.get(key(region, exactName));
    }

    private void startVariant(RunningEndpoint endpoint, Deployment deployment, Deployment.Variant v)
            throws ServingException {
        ProductionVariant spec = v.variant();
        ContainerDefinition container = v.model().allContainers().getFirst();
        Path modelDir;
        try {
            modelDir = cache.stage(container);
        } catch (IOException e) {
            throw new ServingException("Failed to download model data for production variant " + spec.variantName()
                    + ": " + e.getMessage());
        }
        RunningEndpoint.Variant variant = new RunningEndpoint.Variant(spec.variantName(),
                container.containerHostname() == null || v.model().primaryContainer() != null ? "primary"
                        : container.containerHostname(), spec.weight());
        endpoint.variants.add(variant);
        for (int i = 0; i < spec.instanceCount(); i++) {
            if (endpoint.stopped) {
                throw new ServingException("The endpoint was deleted while it was being created.");
            }
            variant.instances.add(startInstance(endpoint, deployment, spec, container, modelDir));
        }
    }

    private Instance startInstance(RunningEndpoint endpoint, Deployment deployment, ProductionVariant spec,
                                   ContainerDefinition container, Path modelDir) throws ServingException {
        String variant = spec.variantName();
        String id = "i-" + HexFormat.of().formatHex(randomBytes()).substring(0, 17);
        Path dir = instancesRoot.resolve(id);
        OutputTail tail = new OutputTail(TAIL_LINES);
        LogWriter writer = logs.openStream(deployment.region(), Deployment.logGroup(deployment.endpointName()),
                variant + "/" + id);
        try {
            Path baseDir = dir.resolve("opt/ml");
            Files.createDirectories(baseDir);
            Files.createSymbolicLink(baseDir.resolve("model"), modelDir.toAbsolutePath());
            Ports.Block ports = Ports.allocate();
            int port = ports.port();
            InstancePlan plan = new InstancePlan(deployment.region(), deployment.endpointName(), variant, id,
                    container, modelDir, baseDir, port, ports.safeRange(),
                    Map.of("sagebox.arn", deployment.endpointArn(), "sagebox.host", id),
                    Boolean.TRUE.equals(deployment.variants().stream().filter(v -> v.variant() == spec)
                            .findFirst().map(v -> v.model().enableNetworkIsolation()).orElse(null)));
            Workload workload = launcher.launch(plan, (source, line, at) -> {
                writer.append(line);
                tail.add(line);
            });
            // An image that insists on 8080 listens there, not on the allocated port.
            int listening = workload instanceof FixedPortWorkload fixed ? fixed.port() : port;
            Instance instance = new Instance(id, variant, listening, workload, tail, dir);
            workload.onExit().whenComplete((status, error) -> {
                instance.healthy = false;
                instance.connections.close();
                writer.close();
                if (endpoint.serving && !endpoint.stopped) {
                    Thread.ofVirtual().name("sagebox-restart-" + id).start(() ->
                            restart(endpoint, deployment, spec, container, modelDir, instance));
                }
            });
            return instance;
        } catch (IOException e) {
            writer.append("Sagebox could not start this instance: " + e.getMessage());
            writer.close();
            throw new ServingException(pingFailure(variant) + " The instance could not be started: "
                    + e.getMessage());
        }
    }

    /**
     * Replaces an instance that died while InService (§6.2: at most 3 restarts per variant in 10 minutes); it gets
     * no traffic until the new one answers {@code /ping}.
     */
    private void restart(RunningEndpoint endpoint, Deployment deployment, ProductionVariant spec,
                         ContainerDefinition container, Path modelDir, Instance dead) {
        RunningEndpoint.Variant variant = endpoint.variant(spec.variantName());
        if (variant == null || !variant.mayRestart(System.nanoTime())) {
            LOG.warn("instance {} of endpoint {} exited; restart budget spent, not restarting", dead.id, endpoint.arn);
            return;
        }
        try {
            Instance fresh = startInstance(endpoint, deployment, spec, container, modelDir);
            int index = variant.instances.indexOf(dead);
            if (index < 0 || endpoint.stopped) {
                fresh.workload.stop(stopGrace);
                return;
            }
            variant.instances.set(index, fresh);
            if (Readiness.await(http, fresh, Duration.ofSeconds(spec.healthCheckTimeoutSeconds()))
                    instanceof Readiness.Outcome.Ready) {
                fresh.healthy = true;
            } else {
                fresh.workload.stop(stopGrace);
            }
            if (endpoint.stopped) {
                fresh.workload.stop(stopGrace);
            }
        } catch (ServingException e) {
            LOG.warn("could not restart an instance of endpoint {}: {}", endpoint.arn, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitVariant(RunningEndpoint endpoint, ProductionVariant spec)
            throws ServingException, InterruptedException {
        Duration timeout = Duration.ofSeconds(spec.healthCheckTimeoutSeconds());
        for (Instance instance : endpoint.variant(spec.variantName()).instances) {
            Readiness.Outcome outcome = Readiness.await(http, instance, timeout);
            switch (outcome) {
                case Readiness.Outcome.Ready ready -> instance.healthy = true;
                case Readiness.Outcome.Exited exited -> throw new ServingException(pingFailure(spec.variantName())
                        + " The container exited with code " + exitCode(exited.status()) + "." + tail(instance));
                case Readiness.Outcome.TimedOut out -> throw new ServingException(pingFailure(spec.variantName())
                        + " It did not answer GET /ping with 200 within " + out.after().toSeconds() + " seconds."
                        + tail(instance));
            }
        }
    }

    private static String pingFailure(String variant) {
        return "The primary container for production variant " + variant + " did not pass the ping health check."
                + " Please check CloudWatch logs for this endpoint.";
    }

    private static int exitCode(ExitStatus status) {
        return status.code();
    }

    private static String tail(Instance instance) {
        String text = instance.tail.text();
        return text == null ? "" : " Last lines of its log:\n" + text;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String key(Region region, String name) {
        return region.name() + "/" + name;
    }

    /**
     * Starts the instances of a batch transform job with this fleet's launchers, model cache and logs, and blocks
     * until all answer {@code /ping}; on failure whatever started is stopped and the message is the job's reason.
     */
    public BatchInstances startBatch(BatchPlan plan) throws ServingException, InterruptedException {
        return BatchInstances.start(plan, launcher, cache, logs, instancesRoot, stopGrace, http);
    }

    /** Stops every endpoint's instances; their records stay, so a restart brings them back. */
    @Override
    public void close() {
        for (String arn : byArn.keySet()) {
            stop(arn);
        }
        http.close();
    }
}
