package dev.sagebox.hosting.serve;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RuntimeError;
import dev.sagebox.hosting.api.AsyncInferenceConfig;
import dev.sagebox.objectstore.ObjectMetadata;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.objectstore.OpenObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InvokeEndpointAsync (CONTRACTS §7.4): a FIFO queue per endpoint that runs at most
 * {@code MaxConcurrentInvocationsPerInstance} × instances requests at a time, each on a virtual thread through
 * {@link Invocations}, writing the answer to the output location or the error to the failure location. The queue
 * lives in memory: requests still pending when the server stops are lost.
 */
public final class AsyncInvocations {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvocations.class);

    /** One accepted request, as the codec read it; {@code inputLocation} or {@code body} is null. */
    public record Request(String endpointName, String inferenceId, String inputLocation, byte[] body,
                          Map<String, String> headers, Duration ttl, Duration timeout, String outputExtension,
                          String filename) {
    }

    /** What the 202 answer carries. */
    public record Accepted(String inferenceId, String outputLocation, String failureLocation) {
    }

    private record Job(Region region, Request request, Accepted accepted, long expiresNanos) {
    }

    private static final class Queue {
        final ReentrantLock lock = new ReentrantLock();
        final Deque<Job> waiting = new ArrayDeque<>();
        int running;
    }

    private final Invocations invocations;
    private final ObjectStore objects;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    public AsyncInvocations(Invocations invocations, ObjectStore objects) {
        this.invocations = invocations;
        this.objects = objects;
    }

    /** Queues {@code request}, or throws ValidationError for an unknown or non-async endpoint. */
    public Accepted submit(Region region, Request request) {
        RunningEndpoint endpoint = invocations.fleet().find(region, request.endpointName());
        if (endpoint == null || !endpoint.serving) {
            throw Invocations.notFound(request.endpointName());
        }
        AsyncInferenceConfig config = endpoint.asyncConfig;
        if (config == null || config.outputPath() == null) {
            throw RuntimeError.VALIDATION.exception("Endpoint " + request.endpointName()
                    + " is not configured for asynchronous inference: its endpoint config has no"
                    + " AsyncInferenceConfig.");
        }
        String id = request.inferenceId() != null ? request.inferenceId() : UUID.randomUUID().toString();
        String extension = request.outputExtension() == null ? "" : "/" + strip(request.outputExtension());
        String file = request.filename() != null ? request.filename() : id + ".out";
        Accepted accepted = new Accepted(id, strip(config.outputPath()) + extension + "/" + file,
                strip(config.failurePath()) + extension + "/" + id + "-error.out");
        Queue queue = queues.computeIfAbsent(region.name() + "/" + request.endpointName(), k -> new Queue());
        queue.lock.lock();
        try {
            queue.waiting.addLast(new Job(region, request, accepted, System.nanoTime() + request.ttl().toNanos()));
        } finally {
            queue.lock.unlock();
        }
        pump(queue);
        return accepted;
    }

    /** Starts waiting jobs, oldest first, while the endpoint's concurrency allows. */
    private void pump(Queue queue) {
        queue.lock.lock();
        try {
            while (!queue.waiting.isEmpty() && queue.running < limit(queue.waiting.peekFirst())) {
                Job job = queue.waiting.removeFirst();
                queue.running++;
                Thread.ofVirtual().name("sagebox-async-" + job.accepted().inferenceId()).start(() -> {
                    try {
                        run(job);
                    } finally {
                        finished(queue);
                    }
                });
            }
        } finally {
            queue.lock.unlock();
        }
    }

    private void finished(Queue queue) {
        queue.lock.lock();
        try {
            queue.running--;
        } finally {
            queue.lock.unlock();
        }
        pump(queue);
    }

    /** Read at each start, so an update or a scaling of the endpoint changes the cap. */
    private int limit(Job job) {
        RunningEndpoint endpoint = invocations.fleet().find(job.region(), job.request().endpointName());
        if (endpoint == null || endpoint.asyncConfig == null) {
            return 1;
        }
        int instances = Math.max(1, endpoint.instances().size());
        return endpoint.asyncConfig.concurrencyPerInstance() * instances;
    }

    private void run(Job job) {
        Request request = job.request();
        try {
            if (System.nanoTime() > job.expiresNanos()) {
                fail(job, "The request expired: it waited longer than its RequestTTLSeconds ("
                        + request.ttl().toSeconds() + ") before it could run.");
                return;
            }
            byte[] body = request.body() != null ? request.body() : read(request.inputLocation());
            InvocationResult result = invocations.invoke(job.region(),
                    new InvocationRequest(request.endpointName(), body, request.headers(), null), request.timeout());
            write(job.accepted().outputLocation(), result.body(), result.contentType());
        } catch (AwsException e) {
            fail(job, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("async inference {} failed", job.accepted().inferenceId(), e);
            fail(job, "The request failed: " + e.getMessage());
        }
    }

    private void fail(Job job, String message) {
        try {
            write(job.accepted().failureLocation(), message.getBytes(StandardCharsets.UTF_8), "text/plain");
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the failure of async inference {} to {}", job.accepted().inferenceId(),
                    job.accepted().failureLocation(), e);
        }
    }

    private byte[] read(String location) throws IOException {
        String[] parts = split(location);
        try (OpenObject object = objects.open(parts[0], parts[1]);
             InputStream in = Channels.newInputStream(object.channel())) {
            return in.readAllBytes();
        }
    }

    private void write(String location, byte[] body, String contentType) throws IOException {
        String[] parts = split(location);
        objects.put(parts[0], parts[1], new ByteArrayInputStream(body), ObjectMetadata.ofType(contentType), Set.of(),
                digests -> null);
    }

    /** Bucket and key of an {@code s3://bucket/key} URI; the codec checked the form of input locations. */
    static String[] split(String s3Uri) {
        String rest = s3Uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("not an S3 object URI: " + s3Uri);
        }
        return new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }

    private static String strip(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }
}
