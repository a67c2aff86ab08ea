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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving instances of one batch transform job, started by {@link ServingFleet#startBatch} with the same launchers
 * (process or Docker, per image), model cache, readiness wait and pooled keep-alive connections as endpoints. An
 * instance of an inference pipeline runs all of its containers and passes each batch through them in order. They
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
            List<Path> modelDirs = new ArrayList<>();
            for (ContainerDefinition container : plan.containers()) {
                try {
                    modelDirs.add(cache.stage(container));
                } catch (IOException e) {
                    throw new ServingException("ClientError: Failed to download model data: " + e.getMessage());
                }
            }
            for (int i = 0; i < plan.instanceCount(); i++) {
                batch.instances.add(startInstance(plan, launcher, logs, instancesRoot, modelDirs, stopGrace));
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

    /** Starts every container of one instance; if one cannot start, those already started are stopped. */
    private static Instance startInstance(BatchPlan plan, InstanceLauncher launcher, LogShipper logs,
                                          Path instancesRoot, List<Path> modelDirs, Duration stopGrace)
            throws ServingException {
        String id = "i-" + HexFormat.of().formatHex(randomBytes()).substring(0, 17);
        Path dir = instancesRoot.resolve(id);
        boolean pipeline = plan.containers().size() > 1;
        List<ServedContainer> started = new ArrayList<>();
        for (int i = 0; i < plan.containers().size(); i++) {
            String hostname = pipeline ? plan.hostnames().get(i) : id;
            String stream = plan.streamOf().apply(id) + (pipeline ? "/" + hostname : "");
            LogWriter writer = logs.openStream(plan.region(), plan.logGroup(), stream);
            try {
                Path baseDir = (pipeline ? dir.resolve(hostname) : dir).resolve("opt/ml");
                ServedContainer container = startContainer(plan, launcher, pipeline ? id + "-" + hostname : id, id,
                        hostname, plan.containers().get(i), modelDirs.get(i), baseDir, writer);
                // The log closes once the container has printed its last line, whenever it ends.
                container.workload.onExit().whenComplete((status, error) -> writer.close());
                started.add(container);
            } catch (IOException | RuntimeException e) {
                writer.append("Sagebox could not start this container: " + e.getMessage());
                writer.close();
                started.forEach(c -> c.workload.stop(stopGrace));
                throw new ServingException("ClientError: The transform container" + (pipeline ? " " + hostname : "")
                        + " could not be started: " + e.getMessage());
            }
        }
        Instance instance = new Instance(id, "transform", dir, started);
        for (ServedContainer container : started) {
            container.workload.onExit().whenComplete((status, error) -> {
                instance.healthy = false;
                container.connections.close();
            });
        }
        return instance;
    }

    /**
     * Starts one container over its own {@code /opt/ml} (an inference pipeline's containers each get one, and a log
     * stream with {@code /<hostname>} appended, as an endpoint's do).
     */
    private static ServedContainer startContainer(BatchPlan plan, InstanceLauncher launcher, String planId,
                                                  String instanceId, String hostname, ContainerDefinition definition,
                                                  Path modelDir, Path baseDir, LogWriter writer) throws IOException {
        OutputTail tail = new OutputTail(TAIL_LINES);
        Files.createDirectories(baseDir);
        Files.createSymbolicLink(baseDir.resolve("model"), modelDir.toAbsolutePath());
        Ports.Block ports = Ports.allocate();
        InstancePlan instancePlan = new InstancePlan(plan.region(), plan.jobName(), "transform", planId, definition,
                modelDir, baseDir, ports.port(), ports.safeRange(),
                Map.of("sagebox.arn", plan.jobArn(), "sagebox.host", instanceId), plan.isolated());
        Workload workload = launcher.launch(instancePlan, (source, line, at) -> {
            writer.append(line);
            tail.add(line);
        });
        int listening = workload instanceof FixedPortWorkload fixed ? fixed.port() : ports.port();
        return new ServedContainer(hostname, listening, workload, tail);
    }

    private void awaitReady(Instance instance, Duration timeout) throws ServingException, InterruptedException {
        for (ServedContainer container : instance.containers) {
            String which = "ClientError: The transform container" + (isPipeline(instance) ? " " + container.hostname
                    : "") + " did not pass the ping health check: ";
            switch (Readiness.await(http, container, timeout)) {
                case Readiness.Outcome.Ready ready -> { }
                case Readiness.Outcome.Exited exited -> throw new ServingException(which + "it exited with code "
                        + exited.status().code() + "." + tail(container));
                case Readiness.Outcome.TimedOut out -> throw new ServingException(which + "it did not answer GET "
                        + "/ping with 200 within " + out.after().toSeconds() + " seconds." + tail(container));
            }
        }
        instance.healthy = true;
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
        // A pipeline's first container receives the batches, so its parameters shape them.
        URI uri = instances.getFirst().containers.getFirst().ping.resolve("/execution-parameters");
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * POSTs one batch to {@code /invocations} of instance {@code index}: to its container, or through an inference
     * pipeline's containers in order, each answer's body and {@code Content-Type} becoming the next request, all
     * within {@code timeout}. A non-2xx answer ends the chain and is returned, naming the container of a pipeline.
     *
     * @throws java.net.SocketTimeoutException when a container does not answer in time
     * @throws IOException                     when a connection fails (the container may have exited)
     */
    public BatchAnswer invoke(int index, byte[] body, Map<String, String> headers, Duration timeout)
            throws IOException {
        Instance instance = instances.get(index);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> request = headers;
        byte[] payload = body;
        InstanceConnections.Answer answer = null;
        for (int i = 0; i < instance.containers.size(); i++) {
            ServedContainer container = instance.containers.get(i);
            if (i > 0) {
                request = Invocations.withContentType(request, answer.headers().get("content-type"));
            }
            answer = container.connections.post("/invocations", request, payload, millisLeft(deadline));
            if (answer.status() < 200 || answer.status() > 299) {
                return new BatchAnswer(answer.status(), answer.headers().get("content-type"), answer.body(),
                        isPipeline(instance) ? container.hostname : null);
            }
            payload = answer.body();
        }
        return new BatchAnswer(answer.status(), answer.headers().get("content-type"), payload, null);
    }

    private static int millisLeft(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    /** Why instance {@code index} cannot answer, when one of its containers has exited; null while they run. */
    public String exitDiagnosis(int index) {
        Instance instance = instances.get(index);
        for (ServedContainer container : instance.containers) {
            if (container.workload.onExit().isDone()) {
                return "the container" + (isPipeline(instance) ? " " + container.hostname : "") + " exited with code "
                        + container.workload.onExit().join().code() + "." + tail(container);
            }
        }
        return null;
    }

    private static String tail(ServedContainer container) {
        String text = container.tail.text();
        return text == null ? "" : " Last lines of its log:\n" + text;
    }

    private static boolean isPipeline(Instance instance) {
        return instance.containers.size() > 1;
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
            for (ServedContainer container : instance.containers) {
                container.connections.close();
                container.workload.stop(stopGrace);
            }
        }
        for (Instance instance : instances) {
            instance.containers.forEach(c -> c.workload.onExit().join());
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
