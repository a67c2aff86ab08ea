package dev.sagebox.protocol.restjson;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.Account;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.CommonError;
import dev.sagebox.aws.ErrorCode;
import dev.sagebox.protocol.AuthErrors;
import dev.sagebox.protocol.Exchanges;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Claims {@code /endpoints/…} unless the request was signed for S3 ({@code endpoints} is a legal bucket name).
 * Until hosting serves endpoints, every invocation names an endpoint that does not exist, and gets the error
 * SageMaker Runtime gives for one.
 */
public final class RuntimeCodec extends Handler.Abstract {
    private static final Pattern INVOCATION =
            Pattern.compile("^/endpoints/([^/]+)/(invocations|invocations-response-stream|async-invocations)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The runtime's own error codes: note {@code ValidationError}, not the control plane's ValidationException. */
    enum RuntimeError implements ErrorCode {
        VALIDATION("ValidationError", 400),
        UNKNOWN_OPERATION("UnknownOperationException", 404);

        private final String code;
        private final int status;

        RuntimeError(String code, int status) {
            this.code = code;
            this.status = status;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public int httpStatus() {
            return status;
        }
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
                throw new AwsException(RuntimeError.UNKNOWN_OPERATION, "Unknown operation " + request.getMethod()
                        + " " + path);
            }
            String endpoint = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
            throw new AwsException(RuntimeError.VALIDATION,
                    "Endpoint " + endpoint + " of account " + Account.ID + " not found.");
        } catch (AwsException e) {
            sendError(response, callback, e);
        } catch (RuntimeException e) {
            sendError(response, callback, new AwsException(CommonError.INTERNAL_FAILURE,
                    "Internal error, request id " + Exchanges.requestId(request)));
        }
        return true;
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
