package dev.sagebox.hosting.serve;

import dev.sagebox.aws.Region;
import dev.sagebox.hosting.api.ContainerDefinition;
import dev.sagebox.hosting.api.CreateModelRequest;
import dev.sagebox.hosting.api.ProductionVariant;
import dev.sagebox.jobs.TreeRemover;
import dev.sagebox.logs.LogShipper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final InstanceLauncher launcher;
    private final ModelDataCache cache;
    private final InstanceStarter starter;
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
        this.starter = new InstanceStarter(launcher, logs, instancesRoot, stopGrace);
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
        endpoint.capture = deployment.dataCaptureConfig();
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
        fresh.capture = deployment.dataCaptureConfig();
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
            for (ServedContainer c : instance.containers) {
                c.connections.close();
                c.workload.stop(stopGrace);
            }
        }
        for (Instance instance : endpoint.instances()) {
            for (ServedContainer c : instance.containers) {
                c.workload.onExit().join();
                c.connections.close();
            }
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
            throws ServingException, InterruptedException {
        ProductionVariant spec = v.variant();
        List<Path> modelDirs = stage(spec, v.model());
        RunningEndpoint.Variant variant = new RunningEndpoint.Variant(spec.variantName(), v.model().isDirect(),
                spec.weight());
        endpoint.variants.add(variant);
        for (int i = 0; i < spec.instanceCount(); i++) {
            if (endpoint.stopped) {
                throw new ServingException("The endpoint was deleted while it was being created.");
            }
            variant.instances.add(startInstance(endpoint, deployment, v, modelDirs));
        }
    }

    /**
     * Each container's model data, staged once and shared read-only by every instance, each within the variant's
     * {@code ModelDataDownloadTimeoutInSeconds}.
     */
    private List<Path> stage(ProductionVariant spec, CreateModelRequest model)
            throws ServingException, InterruptedException {
        List<ContainerDefinition> containers = model.allContainers();
        List<Path> dirs = new ArrayList<>(containers.size());
        for (int i = 0; i < containers.size(); i++) {
            try {
                dirs.add(cache.stage(containers.get(i), Duration.ofSeconds(spec.downloadTimeoutSeconds())));
            } catch (IOException e) {
                throw new ServingException("Failed to download model data for production variant "
                        + spec.variantName() + (containers.size() > 1 ? " (container "
                        + model.containerHostnames().get(i) + ")" : "") + ": " + e.getMessage());
            }
        }
        return dirs;
    }

    private Instance startInstance(RunningEndpoint endpoint, Deployment deployment, Deployment.Variant v,
                                   List<Path> modelDirs) throws ServingException {
        Instance instance = starter.start(deployment, v, modelDirs);
        for (ServedContainer container : instance.containers) {
            container.workload.onExit().whenComplete((status, error) -> ended(endpoint, deployment, v, modelDirs,
                    instance));
        }
        return instance;
    }

    /**
     * A container of {@code instance} exited: the instance leaves the rotation, its other containers stop (a pipeline
     * missing a stage cannot answer), and while the endpoint serves, a fresh instance replaces it.
     */
    private void ended(RunningEndpoint endpoint, Deployment deployment, Deployment.Variant v, List<Path> modelDirs,
                       Instance instance) {
        instance.healthy = false;
        instance.containers.forEach(c -> c.connections.close());
        if (!instance.ended.compareAndSet(false, true)) {
            return;
        }
        // While deploying, the deploy's own failure path stops the rest, and the reason names the container that
        // ended first rather than the siblings stopped after it.
        if (endpoint.serving && !endpoint.stopped) {
            Thread.ofVirtual().name("sagebox-restart-" + instance.id).start(() -> {
                stopContainers(instance);
                restart(endpoint, deployment, v, modelDirs, instance);
            });
        }
    }

    /**
     * Replaces an instance that died while InService (§6.2: at most 3 restarts per variant in 10 minutes); it gets
     * no traffic until all its containers answer {@code /ping}.
     */
    private void restart(RunningEndpoint endpoint, Deployment deployment, Deployment.Variant v, List<Path> modelDirs,
                         Instance dead) {
        ProductionVariant spec = v.variant();
        RunningEndpoint.Variant variant = endpoint.variant(spec.variantName());
        if (variant == null || !variant.mayRestart(System.nanoTime())) {
            LOG.warn("instance {} of endpoint {} exited; restart budget spent, not restarting", dead.id, endpoint.arn);
            return;
        }
        try {
            Instance fresh = startInstance(endpoint, deployment, v, modelDirs);
            int index = variant.instances.indexOf(dead);
            if (index < 0 || endpoint.stopped) {
                stopContainers(fresh);
                return;
            }
            variant.instances.set(index, fresh);
            boolean ready = true;
            for (ServedContainer c : fresh.containers) {
                ready &= Readiness.await(http, c, Duration.ofSeconds(spec.healthCheckTimeoutSeconds()))
                        instanceof Readiness.Outcome.Ready;
            }
            if (ready && !endpoint.stopped) {
                fresh.healthy = true;
            } else {
                stopContainers(fresh);
            }
        } catch (ServingException e) {
            LOG.warn("could not restart an instance of endpoint {}: {}", endpoint.arn, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopContainers(Instance instance) {
        instance.containers.forEach(c -> c.workload.stop(stopGrace));
    }

    private void awaitVariant(RunningEndpoint endpoint, ProductionVariant spec)
            throws ServingException, InterruptedException {
        Duration timeout = Duration.ofSeconds(spec.healthCheckTimeoutSeconds());
        for (Instance instance : endpoint.variant(spec.variantName()).instances) {
            for (ServedContainer container : instance.containers) {
                Readiness.Outcome outcome = Readiness.await(http, container, timeout);
                if (!(outcome instanceof Readiness.Outcome.Ready)) {
                    throw new ServingException(ServingFailures.notReady(spec.variantName(), instance, container,
                            outcome));
                }
            }
            instance.healthy = true;
        }
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
