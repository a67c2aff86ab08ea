package dev.sagebox.hosting.serve;

import dev.sagebox.hosting.api.ContainerDefinition;
import dev.sagebox.jobs.OutputTail;
import dev.sagebox.jobs.TreeRemover;
import dev.sagebox.logs.LogShipper;
import dev.sagebox.logs.LogWriter;
import dev.sagebox.runtime.Workload;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving instances of one batch transform job, started by {@link ServingFleet#startBatch} with the same launchers
 * (process or Docker, per image), model cache, readiness wait and pooled keep-alive connections as endpoints. They
 * get no endpoint traffic; the job's run posts its batches to them and closes them when it ends.
 */
public final class BatchInstances implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchInstances.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TAIL_LINES = 20;

    private final List<Instance> instances = new ArrayList<>();
    private final ReentrantLock closing = new ReentrantLock();
    private boolean closed;
    private final Duration stopGrace;
    private final HttpClient http;

    private BatchInstances(Duration stopGrace, HttpClient http) {
        this.stopGrace = stopGrace;
        this.http = http;
    }

    static BatchInstances start(BatchPlan plan, InstanceLauncher launcher, ModelDataCache cache, LogShipper logs,
                                Path instancesRoot, Duration stopGrace, HttpClient http)
            throws ServingException, InterruptedException {
        BatchInstances batch = new BatchInstances(stopGrace, http);
        try {
            Path modelDir;
            try {
                modelDir = cache.stage(plan.container());
            } catch (IOException e) {
                throw new ServingException("ClientError: Failed to download model data: " + e.getMessage());
            }
            for (int i = 0; i < plan.instanceCount(); i++) {
                batch.instances.add(startInstance(plan, launcher, logs, instancesRoot, modelDir));
            }
            for (Instance instance : batch.instances) {
                batch.awaitReady(instance, plan.readyTimeout());
            }
            return batch;
        } catch (ServingException | RuntimeException | InterruptedException e) {
            batch.close();
            throw e;
        }
    }

    private static Instance startInstance(BatchPlan plan, InstanceLauncher launcher, LogShipper logs,
                                          Path instancesRoot, Path modelDir) throws ServingException {
        String id = "i-" + HexFormat.of().formatHex(randomBytes()).substring(0, 17);
        Path dir = instancesRoot.resolve(id);
        OutputTail tail = new OutputTail(TAIL_LINES);
        LogWriter writer = logs.openStream(plan.region(), plan.logGroup(), plan.streamOf().apply(id));
        try {
            Path baseDir = dir.resolve("opt/ml");
            Files.createDirectories(baseDir);
            Files.createSymbolicLink(baseDir.resolve("model"), modelDir.toAbsolutePath());
            Ports.Block ports = Ports.allocate();
            InstancePlan instancePlan = new InstancePlan(plan.region(), plan.jobName(), "transform", id,
                    plan.container(), modelDir, baseDir, ports.port(), ports.safeRange(),
                    Map.of("sagebox.arn", plan.jobArn(), "sagebox.host", id), plan.isolated());
            Workload workload = launcher.launch(instancePlan, (source, line, at) -> {
                writer.append(line);
                tail.add(line);
            });
            int listening = workload instanceof FixedPortWorkload fixed ? fixed.port() : ports.port();
            ServedContainer container = new ServedContainer(id, listening, workload, tail);
            Instance instance = new Instance(id, "transform", dir, List.of(container));
            workload.onExit().whenComplete((status, error) -> {
                instance.healthy = false;
                container.connections.close();
                writer.close();
            });
            return instance;
        } catch (IOException e) {
            writer.append("Sagebox could not start this instance: " + e.getMessage());
            writer.close();
            throw new ServingException("ClientError: The transform container could not be started: "
                    + e.getMessage());
        }
    }

    private void awaitReady(Instance instance, Duration timeout) throws ServingException, InterruptedException {
        switch (Readiness.await(http, only(instance), timeout)) {
            case Readiness.Outcome.Ready ready -> instance.healthy = true;
            case Readiness.Outcome.Exited exited -> throw new ServingException("ClientError: The transform "
                    + "container did not pass the ping health check: it exited with code " + exited.status().code()
                    + "." + tail(instance));
            case Readiness.Outcome.TimedOut out -> throw new ServingException("ClientError: The transform "
                    + "container did not pass the ping health check: it did not answer GET /ping with 200 within "
                    + out.after().toSeconds() + " seconds." + tail(instance));
        }
    }

    public int size() {
        return instances.size();
    }

    /** The id of instance {@code index} ({@code i-} and 17 hex digits), as its log stream names it. */
    public String instanceId(int index) {
        return instances.get(index).id;
    }

    /**
     * The body of the first instance's {@code GET /execution-parameters} when it answers 200, else null: the route is
     * optional (CONTRACTS §6.3).
     */
    public String executionParameters() throws InterruptedException {
        URI uri = only(instances.getFirst()).ping.resolve("/execution-parameters");
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * POSTs one batch to {@code /invocations} of instance {@code index}.
     *
     * @throws java.net.SocketTimeoutException when the container does not answer within {@code timeout}
     * @throws IOException                     when the connection fails (the container may have exited)
     */
    public BatchAnswer invoke(int index, byte[] body, Map<String, String> headers, Duration timeout)
            throws IOException {
        InstanceConnections.Answer answer = only(instances.get(index)).connections.post("/invocations", headers, body,
                (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return new BatchAnswer(answer.status(), answer.headers().get("content-type"), answer.body());
    }

    /** Why instance {@code index} cannot answer, when its container has exited; null while it runs. */
    public String exitDiagnosis(int index) {
        Instance instance = instances.get(index);
        Workload workload = only(instance).workload;
        if (!workload.onExit().isDone()) {
            return null;
        }
        return "the container exited with code " + workload.onExit().join().code() + "." + tail(instance);
    }

    private static String tail(Instance instance) {
        String text = only(instance).tail.text();
        return text == null ? "" : " Last lines of its log:\n" + text;
    }

    /** A batch instance runs one container: transform jobs of inference pipelines are refused before they start. */
    private static ServedContainer only(Instance instance) {
        return instance.containers.getFirst();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * Stops every instance (SIGTERM, then SIGKILL after the grace), waits for them and removes their directories.
     * A stop closes from another thread while the job's own thread may close too: the second call waits for the
     * first and returns.
     */
    @Override
    public void close() {
        closing.lock();
        try {
            if (!closed) {
                stopAll();
                closed = true;
            }
        } finally {
            closing.unlock();
        }
    }

    private void stopAll() {
        for (Instance instance : instances) {
            instance.healthy = false;
            only(instance).connections.close();
            only(instance).workload.stop(stopGrace);
        }
        for (Instance instance : instances) {
            only(instance).workload.onExit().join();
            try {
                if (Files.exists(instance.dir)) {
                    TreeRemover.remove(instance.dir);
                }
            } catch (IOException e) {
                LOG.warn("could not remove instance directory {}", instance.dir, e);
            }
        }
    }

    /** The container of a model as a batch job runs it: its environment with the job's variables added last. */
    public static ContainerDefinition withEnvironment(ContainerDefinition container, Map<String, String> added) {
        Map<String, String> env = new java.util.LinkedHashMap<>(container.environmentOrEmpty());
        env.putAll(added);
        return new ContainerDefinition(container.containerHostname(), container.image(), container.mode(),
                container.modelDataUrl(), container.modelDataSource(), env);
    }
}
