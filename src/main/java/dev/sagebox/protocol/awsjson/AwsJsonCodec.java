package dev.sagebox.protocol.awsjson;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.CommonError;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.aws.ServedOperation;
import dev.sagebox.protocol.AuthErrors;
import dev.sagebox.protocol.Exchanges;
import dev.sagebox.protocol.ServesOperations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every request that carries {@code X-Amz-Target}: {@code SageMaker.*} and {@code Logs_20140328.*} go to
 * their operations, any other target is an {@code UnknownOperationException} (CONTRACTS.md §1 rule 2).
 */
public final class AwsJsonCodec extends Handler.Abstract implements ServesOperations {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** Control-plane requests are small; this bound keeps a runaway client from filling the heap. */
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonCodec.class);

    private final Map<String, JsonService> services;
    private final ObjectMapper errorMapper = new ObjectMapper();

    public AwsJsonCodec(List<JsonService> services) {
        this.services = services.stream()
                .collect(Collectors.toUnmodifiableMap(JsonService::targetPrefix, Function.identity()));
    }

    /** Each service's operations, under its signing name (which is also its botocore name). */
    @Override
    public List<ServedOperation> servedOperations() {
        return services.values().stream().flatMap(service -> service.operations().values().stream()
                .map(operation -> operation.served(service.signingName()))).toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String target = request.getHeaders().get("X-Amz-Target");
        if (target == null) {
            return false;
        }
        try {
            serve(request, response, callback, target);
        } catch (AwsException e) {
            sendError(request, response, callback, e);
        } catch (RuntimeException | Error e) {
            LOG.error("request {} {} failed", Exchanges.requestId(request), target, e);
            sendError(request, response, callback, new AwsException(CommonError.INTERNAL_FAILURE,
                    "Internal error, request id " + Exchanges.requestId(request)));
        } catch (Exception e) {
            LOG.error("request {} {} failed", Exchanges.requestId(request), target, e);
            sendError(request, response, callback, new AwsException(CommonError.INTERNAL_FAILURE,
                    "Internal error, request id " + Exchanges.requestId(request)));
        }
        return true;
    }

    private void serve(Request request, Response response, Callback callback, String target) throws Exception {
        int dot = target.indexOf('.');
        JsonService service = dot < 0 ? null : services.get(target.substring(0, dot));
        if (service == null) {
            throw new AwsException(CommonError.UNKNOWN_OPERATION, "Unknown target: " + target);
        }
        AuthErrors.requireAuthenticated(Authentication.of(request), service.signingName(), AuthErrors.Style.JSON);
        Operation<?, ?> operation = service.operations().get(target.substring(dot + 1));
        if (operation == null) {
            throw new AwsException(CommonError.UNKNOWN_OPERATION,
                    "Unknown operation " + target.substring(dot + 1) + " for service " + service.targetPrefix());
        }
        byte[] body = Exchanges.readBody(request, MAX_BODY);
        if (body == null) {
            throw new AwsException(CommonError.SERIALIZATION, "Request body is larger than " + MAX_BODY + " bytes");
        }
        Object input = decode(service.mapper(), operation, body);
        RequestContext context = Exchanges.context(request);
        Object output = operation.invoke(context, input);
        byte[] json = output == null ? "{}".getBytes(StandardCharsets.UTF_8)
                : service.mapper().writeValueAsBytes(output);
        Exchanges.respond(response, callback, 200, CONTENT_TYPE, json);
    }

    private static Object decode(ObjectMapper mapper, Operation<?, ?> operation, byte[] body) {
        if (isBlank(body)) {
            body = "{}".getBytes(StandardCharsets.UTF_8);
        }
        try {
            Object input = mapper.readValue(body, operation.input());
            if (input == null) {
                // A literal "null" body means no members at all.
                input = mapper.readValue("{}", operation.input());
            }
            return input;
        } catch (JacksonException e) {
            throw new AwsException(CommonError.SERIALIZATION, serializationMessage(e));
        } catch (java.io.IOException e) {
            throw new AwsException(CommonError.SERIALIZATION, "Cannot read the request body: " + e.getMessage());
        }
    }

    /** Jackson's first line names the problem without echoing Java class names back to the client. */
    private static String serializationMessage(JacksonException e) {
        String original = e.getOriginalMessage();
        String firstLine = original == null ? "malformed JSON" : original.lines().findFirst().orElse(original);
        String where = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                && !mapping.getPath().isEmpty()
                ? " at '" + mapping.getPathReference().replaceAll("\\b[a-z]+\\.[\\w.$]+\\[", "[") + "'" : "";
        return firstLine.replaceAll("`[\\w.$]+`", "value").replaceAll("\\(class [\\w.$]+\\)", "") + where;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private void sendError(Request request, Response response, Callback callback, AwsException e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("__type", e.code());
        body.put("message", e.getMessage());
        body.putAll(e.fields());
        response.getHeaders().put("x-amzn-ErrorType", e.code());
        byte[] json;
        try {
            json = errorMapper.writeValueAsBytes(body);
        } catch (JacksonException impossible) {
            json = ("{\"__type\":\"" + e.code() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        Exchanges.respond(response, callback, e.httpStatus(), CONTENT_TYPE, json);
    }
}
