package dev.sagebox.protocol.restjson;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.CommonError;
import dev.sagebox.aws.RuntimeError;
import dev.sagebox.aws.ServedOperation;
import dev.sagebox.hosting.serve.AsyncInvocations;
import dev.sagebox.hosting.serve.InvocationRequest;
import dev.sagebox.hosting.serve.InvocationResult;
import dev.sagebox.hosting.serve.Invocations;
import dev.sagebox.protocol.AuthErrors;
import dev.sagebox.protocol.Exchanges;
import dev.sagebox.protocol.ServesOperations;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SageMaker Runtime's rest-json wire form (CONTRACTS §7): claims {@code /endpoints/…} unless the request was signed
 * for S3 ({@code endpoints} is a legal bucket name), reads InvokeEndpoint's (and its streaming and async forms')
 * headers and body, and writes the container's answer, the 202 of an async request, or the runtime's errors
 * ({@code x-amzn-ErrorType} plus a {@code {"Message":…}} body).
 */
public final class RuntimeCodec extends Handler.Abstract implements ServesOperations {
    private static final Pattern INVOCATION =
            Pattern.compile("^/endpoints/([^/]+)/(invocations|invocations-response-stream|async-invocations)$");
    /** The operations served, by the last path segment that selects them; every one invokes an endpoint. */
    private static final Map<String, String> OPERATIONS = Map.of("invocations", "InvokeEndpoint",
            "invocations-response-stream", "InvokeEndpointWithResponseStream",
            "async-invocations", "InvokeEndpointAsync");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCodec.class);
    private static final String TOO_LARGE = "1 validation error detected: Value at 'body' failed to satisfy"
            + " constraint: Member must have length less than or equal to " + Invocations.MAX_BODY;

    /** Past this, an oversized body is not read to its end and the connection closes. */
    private static final long MAX_DRAIN = 64L << 20;

    private final Invocations invocations;
    private final AsyncInvocations async;

    public RuntimeCodec(Invocations invocations, AsyncInvocations async) {
        this.invocations = invocations;
        this.async = async;
    }

    @Override
    public List<ServedOperation> servedOperations() {
        return OPERATIONS.values().stream().map(name -> new ServedOperation("sagemaker-runtime", name, true)).toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith("/endpoints/") || "s3".equals(Authentication.of(request).service())) {
            return false;
        }
        try {
            AuthErrors.requireAuthenticated(Authentication.of(request), "sagemaker", AuthErrors.Style.JSON);
            Matcher matcher = INVOCATION.matcher(path);
            if (!"POST".equals(request.getMethod()) || !matcher.matches()) {
                throw RuntimeError.UNKNOWN_OPERATION.exception("Unknown operation " + request.getMethod() + " "
                        + path);
            }
            String endpoint = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
            switch (OPERATIONS.get(matcher.group(2))) {
                case "InvokeEndpoint" -> invoke(request, response, callback, endpoint, false);
                case "InvokeEndpointWithResponseStream" -> invoke(request, response, callback, endpoint, true);
                case "InvokeEndpointAsync" -> invokeAsync(request, response, callback, endpoint);
                default -> throw new IllegalStateException("no operation for " + path);
            }
        } catch (AwsException e) {
            sendError(response, callback, e);
        } catch (IOException | RuntimeException e) {
            LOG.error("invocation failed, request id {}", Exchanges.requestId(request), e);
            sendError(response, callback, new AwsException(CommonError.INTERNAL_FAILURE,
                    "Internal error, request id " + Exchanges.requestId(request)));
        }
        return true;
    }

    private void invoke(Request request, Response response, Callback callback, String endpoint, boolean stream)
            throws IOException {
        InvocationHeaders headers = InvocationHeaders.read(request.getHeaders(), stream);
        if (headers.inferenceComponent() != null) {
            throw RuntimeError.VALIDATION.exception("Inference components are not supported by endpoint "
                    + endpoint + ".");
        }
        byte[] body = Exchanges.readBody(request, Invocations.MAX_BODY);
        if (body == null) {
            // The SDKs write the whole body before reading the answer; closing early makes them see a broken pipe
            // and retry, instead of the ValidationError.
            drain(request);
            throw RuntimeError.VALIDATION.exception(TOO_LARGE);
        }
        InvocationRequest call = new InvocationRequest(endpoint, body, headers.forwarded(), headers.targetVariant(),
                headers.targetContainerHostname());
        if (stream) {
            stream(request, response, callback, call);
            return;
        }
        InvocationResult result = invocations.invoke(Exchanges.context(request).region(), call);
        response.getHeaders().put("x-Amzn-Invoked-Production-Variant", result.invokedVariant());
        if (result.customAttributes() != null) {
            response.getHeaders().put("X-Amzn-SageMaker-Custom-Attributes", result.customAttributes());
        }
        Exchanges.respond(response, callback, 200,
                result.contentType() == null ? "application/octet-stream" : result.contentType(), result.body());
    }

    /** §7.3: the answer is framed block by block as the container sends it. */
    private void stream(Request request, Response response, Callback callback, InvocationRequest call)
            throws IOException {
        EventStreamResponse events = new EventStreamResponse(response);
        try {
            invocations.stream(Exchanges.context(request).region(), call, events);
            events.finish();
        } catch (IOException | RuntimeException e) {
            if (!events.begun()) {
                throw e;
            }
            // Committed: no error answer can follow, so the client sees the stream end early.
            LOG.debug("response stream ended early, request id {}", Exchanges.requestId(request), e);
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    private void invokeAsync(Request request, Response response, Callback callback, String endpoint)
            throws IOException {
        byte[] body = Exchanges.readBody(request, AsyncInvokeRequests.MAX_INLINE);
        if (body == null) {
            drain(request);
        }
        AsyncInvocations.Accepted accepted = async.submit(Exchanges.context(request).region(),
                AsyncInvokeRequests.read(endpoint, request.getHeaders(), body));
        response.getHeaders().put("X-Amzn-SageMaker-OutputLocation", accepted.outputLocation());
        response.getHeaders().put("X-Amzn-SageMaker-FailureLocation", accepted.failureLocation());
        Exchanges.respond(response, callback, 202, "application/json",
                JSON.writeValueAsBytes(Map.of("InferenceId", accepted.inferenceId())));
    }

    private static void drain(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[64 * 1024];
            long left = MAX_DRAIN;
            int n;
            while (left > 0 && (n = in.read(buffer)) >= 0) {
                left -= n;
            }
        }
    }

    private static void sendError(Response response, Callback callback, AwsException e) {
        Map<String, Object> body = new LinkedHashMap<>(e.fields());
        body.put("Message", e.getMessage());
        response.getHeaders().put("x-amzn-ErrorType", e.code());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            json = "{}".getBytes(StandardCharsets.UTF_8);
        }
        Exchanges.respond(response, callback, e.httpStatus(), "application/json", json);
    }
}
