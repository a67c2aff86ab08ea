package dev.sagebox.hosting.serve;

import dev.sagebox.aws.Account;
import dev.sagebox.aws.Arn;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RuntimeError;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * InvokeEndpoint: finds the endpoint by its exact name, picks a variant by weight (or the target variant), then the
 * next healthy instance round-robin, and forwards the call over the fleet's pooled keep-alive connections.
 */
public final class Invocations {
    public static final int MAX_BODY = 6_291_456;
    static final String TIMEOUT_MESSAGE = "Your invocation timed out while waiting for a response from container %s."
            + " Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.";

    private final ServingFleet fleet;
    private final Duration timeout;
    private final DataCapture capture;

    ServingFleet fleet() {
        return fleet;
    }

    public Invocations(ServingFleet fleet, Duration timeout) {
        this(fleet, timeout, null);
    }

    /** @param capture records calls of endpoints with a DataCaptureConfig; null records none */
    public Invocations(ServingFleet fleet, Duration timeout, DataCapture capture) {
        this.fleet = fleet;
        this.timeout = timeout;
        this.capture = capture;
    }

    public InvocationResult invoke(Region region, InvocationRequest request) {
        return invoke(region, request, timeout);
    }

    /** As {@link #invoke(Region, InvocationRequest)} with its own timeout (InvokeEndpointAsync's, §7.4). */
    public InvocationResult invoke(Region region, InvocationRequest request, Duration limit) {
        RunningEndpoint endpoint = admit(region, request.endpointName());
        try {
            InvocationResult result = invoke(endpoint, request, limit);
            if (capture != null && endpoint.capture != null) {
                capture.record(endpoint, request, result);
            }
            return result;
        } finally {
            endpoint.inFlight.decrementAndGet();
        }
    }

    /**
     * InvokeEndpointWithResponseStream: a non-2xx or a failure before the answer starts throws as
     * {@link #invoke(Region, InvocationRequest)} does; once {@code sink} has begun, a failure goes to its
     * {@link ResponseStream#fail}. The timeout applies to the first byte and to each wait between blocks.
     */
    public void stream(Region region, InvocationRequest request, ResponseStream sink) {
        RunningEndpoint endpoint = admit(region, request.endpointName());
        try {
            stream(endpoint, request, sink);
        } finally {
            endpoint.inFlight.decrementAndGet();
        }
    }

    private void stream(RunningEndpoint endpoint, InvocationRequest request, ResponseStream sink) {
        RunningEndpoint.Variant variant = pickVariant(endpoint, request.targetVariant());
        Instance instance = pickInstance(endpoint, variant);
        List<ServedContainer> chain = route(endpoint, variant, instance, request.targetContainerHostname());
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> headers = request.headers();
        byte[] body = request.body();
        // A pipeline's earlier stages answer whole; only the last one's answer is streamed.
        for (ServedContainer stage : chain.subList(0, chain.size() - 1)) {
            InstanceConnections.Answer answer = call(endpoint, stage, headers, body, deadline);
            body = answer.body();
            headers = withContentType(headers, answer.headers().get("content-type"));
        }
        ServedContainer last = chain.getLast();
        boolean[] begun = new boolean[1];
        InstanceConnections.BodyStream parts = new InstanceConnections.BodyStream() {
            @Override
            public void begin(Map<String, String> answerHeaders) throws IOException {
                begun[0] = true;
                sink.begin(answerHeaders.get("content-type"), variant.name);
            }

            @Override
            public void block(byte[] bytes, int offset, int length) throws IOException {
                sink.part(bytes, offset, length);
            }
        };
        InstanceConnections.Answer answer;
        try {
            answer = last.connections.post("/invocations", headers, body, millisLeft(deadline), parts);
        } catch (SocketTimeoutException e) {
            String message = String.format(TIMEOUT_MESSAGE, last.hostname);
            if (!begun[0]) {
                throw modelError(endpoint, last.hostname, 0, message);
            }
            sink.fail("ModelInvocationTimeExceeded", message);
            return;
        } catch (IOException | NumberFormatException e) {
            if (!begun[0]) {
                throw modelError(endpoint, last.hostname, 0, "The container did not answer: " + e.getMessage());
            }
            sink.fail("StreamBroken", "The response stream from container " + last.hostname + " broke: "
                    + e.getMessage());
            return;
        }
        if (!begun[0]) {
            throw modelError(endpoint, last.hostname, answer.status(),
                    new String(answer.body(), StandardCharsets.UTF_8));
        }
    }

    /**
     * The serving side of the endpoint, counted as in flight. Counting before checking {@code serving} pairs with
     * {@link ServingFleet#replace}, which clears {@code serving} before it waits for the count: a call either sees
     * the switch and goes to the new side, or is waited for.
     */
    private RunningEndpoint admit(Region region, String name) {
        for (int attempt = 0; attempt < 3; attempt++) {
            RunningEndpoint endpoint = fleet.find(region, name);
            if (endpoint == null) {
                break;
            }
            endpoint.inFlight.incrementAndGet();
            if (endpoint.serving) {
                return endpoint;
            }
            endpoint.inFlight.decrementAndGet();
        }
        throw notFound(name);
    }

    /**
     * One call through the instance's containers: the one container, the one named by a Direct call, or each stage
     * of a serial pipeline in order, whose answer's body and {@code Content-Type} are the next stage's request.
     */
    private InvocationResult invoke(RunningEndpoint endpoint, InvocationRequest request, Duration limit) {
        RunningEndpoint.Variant variant = pickVariant(endpoint, request.targetVariant());
        Instance instance = pickInstance(endpoint, variant);
        List<ServedContainer> chain = route(endpoint, variant, instance, request.targetContainerHostname());
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, String> headers = request.headers();
        byte[] body = request.body();
        InstanceConnections.Answer answer = null;
        for (int i = 0; i < chain.size(); i++) {
            if (i > 0) {
                headers = withContentType(headers, answer.headers().get("content-type"));
            }
            answer = call(endpoint, chain.get(i), headers, body, deadline);
            body = answer.body();
            if (body.length > MAX_BODY) {
                throw modelError(endpoint, chain.get(i).hostname, answer.status(),
                        "The response from the container is larger than " + MAX_BODY + " bytes.");
            }
        }
        return new InvocationResult(body, answer.headers().get("content-type"),
                answer.headers().get("x-amzn-sagemaker-custom-attributes"), variant.name);
    }

    /** POSTs to one container; anything but a 2xx in time is a ModelError that names it (§7.2). */
    private static InstanceConnections.Answer call(RunningEndpoint endpoint, ServedContainer container,
                                                   Map<String, String> headers, byte[] body, long deadline) {
        InstanceConnections.Answer answer;
        try {
            answer = container.connections.post("/invocations", headers, body, millisLeft(deadline));
        } catch (SocketTimeoutException e) {
            throw modelError(endpoint, container.hostname, 0, String.format(TIMEOUT_MESSAGE, container.hostname));
        } catch (IOException | NumberFormatException e) {
            throw modelError(endpoint, container.hostname, 0, "The container did not answer: " + e.getMessage());
        }
        int status = answer.status();
        if (status < 200 || status > 299) {
            throw modelError(endpoint, container.hostname, status, new String(answer.body(), StandardCharsets.UTF_8));
        }
        return answer;
    }

    private static int millisLeft(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    /** The forwarded headers with the previous stage's answer type as {@code Content-Type}. */
    static Map<String, String> withContentType(Map<String, String> headers, String contentType) {
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.remove("Content-Type");
        if (contentType != null) {
            next.put("Content-Type", contentType);
        }
        return next;
    }

    /**
     * The containers a call goes through. {@code TargetContainerHostname} is required by, and only allowed for, a
     * Direct endpoint, and must name one of its containers (the three ValidationErrors SageMaker documents).
     */
    private static List<ServedContainer> route(RunningEndpoint endpoint, RunningEndpoint.Variant variant,
                                               Instance instance, String target) {
        if (!variant.direct) {
            if (target != null) {
                throw RuntimeError.VALIDATION.exception("Endpoint " + endpoint.name + " is not configured for"
                        + " direct invocation; TargetContainerHostname must not be specified.");
            }
            return instance.containers;
        }
        if (target == null) {
            throw RuntimeError.VALIDATION.exception("Endpoint " + endpoint.name + " is configured for direct"
                    + " invocation; TargetContainerHostname must be specified.");
        }
        ServedContainer container = instance.container(target);
        if (container == null) {
            throw RuntimeError.VALIDATION.exception("TargetContainerHostname " + target + " does not exist in"
                    + " endpoint " + endpoint.name + ".");
        }
        return List.of(container);
    }

    private static RunningEndpoint.Variant pickVariant(RunningEndpoint endpoint, String target) {
        List<RunningEndpoint.Variant> variants = endpoint.variants;
        if (target != null) {
            RunningEndpoint.Variant v = endpoint.variant(target);
            if (v == null) {
                throw RuntimeError.VALIDATION.exception("Endpoint " + endpoint.name + " does not have a production"
                        + " variant named " + target + ".");
            }
            return v;
        }
        if (variants.size() == 1) {
            return variants.getFirst();
        }
        double total = 0;
        for (RunningEndpoint.Variant v : variants) {
            total += v.weight;
        }
        double point = ThreadLocalRandom.current().nextDouble() * total;
        for (RunningEndpoint.Variant v : variants) {
            point -= v.weight;
            if (point < 0) {
                return v;
            }
        }
        return variants.getLast();
    }

    private static Instance pickInstance(RunningEndpoint endpoint, RunningEndpoint.Variant variant) {
        List<Instance> instances = variant.instances;
        int n = instances.size();
        for (int tried = 0; tried < n; tried++) {
            Instance candidate = instances.get(Math.floorMod(variant.next.getAndIncrement(), n));
            if (candidate.healthy) {
                return candidate;
            }
        }
        throw RuntimeError.SERVICE_UNAVAILABLE.exception("No healthy instance of production variant " + variant.name
                + " of endpoint " + endpoint.name + " is available; try again.");
    }

    static AwsException notFound(String name) {
        return RuntimeError.VALIDATION.exception("Endpoint " + name + " of account " + Account.ID + " not found.");
    }

    private static AwsException modelError(RunningEndpoint endpoint, String containerHostname, int status,
                                           String original) {
        boolean client = status >= 400 && status < 500;
        String group = "/aws/sagemaker/Endpoints/" + endpoint.name;
        String message = "Received " + (client ? "client" : "server") + " error (" + status + ") from "
                + containerHostname + " with message \"" + original + "\". See log group " + group
                + " in account " + Account.ID + " for more information.";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ErrorCode", client ? "CLIENT_ERROR_FROM_MODEL" : "SERVER_ERROR_FROM_MODEL");
        fields.put("OriginalStatusCode", status);
        fields.put("OriginalMessage", original);
        fields.put("LogStreamArn", Arn.logGroup(endpoint.region, group));
        return new AwsException(RuntimeError.MODEL_ERROR, message, fields);
    }
}
