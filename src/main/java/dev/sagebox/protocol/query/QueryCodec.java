package dev.sagebox.protocol.query;

import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.CommonError;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.ServedOperation;
import dev.sagebox.aws.StsError;
import dev.sagebox.protocol.AuthErrors;
import dev.sagebox.protocol.Exchanges;
import dev.sagebox.protocol.ServesOperations;
import java.lang.reflect.RecordComponent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims STS requests (CONTRACTS.md §1 rule 4): {@code POST /} with a form body, {@code ?Action=} in the query, or a
 * scope signed for {@code sts}. Results are rendered from the operation's result record, one element per component.
 */
public final class QueryCodec extends Handler.Abstract implements ServesOperations {
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final int MAX_BODY = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(QueryCodec.class);

    private final Map<String, Operation<?, ?>> operations;

    public QueryCodec(List<Operation<?, ?>> operations) {
        this.operations = operations.stream()
                .collect(Collectors.toUnmodifiableMap(Operation::name, Function.identity()));
    }

    @Override
    public List<ServedOperation> servedOperations() {
        return operations.values().stream().map(operation -> operation.served("sts")).toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!isMine(request)) {
            return false;
        }
        try {
            AuthErrors.requireAuthenticated(Authentication.of(request), "sts", AuthErrors.Style.QUERY);
            Fields parameters = parameters(request);
            String action = parameters.getValue("Action");
            if (action == null || action.isEmpty()) {
                throw new AwsException(StsError.MISSING_ACTION, "Missing required parameter Action");
            }
            Operation<?, ?> operation = operations.get(action);
            if (operation == null) {
                throw new AwsException(StsError.INVALID_ACTION,
                        "Could not find operation " + action + " for version 2011-06-15");
            }
            Object input = operation.input().getDeclaredConstructor().newInstance();
            Object result = operation.invoke(Exchanges.context(request), input);
            Exchanges.respond(response, callback, 200, "text/xml",
                    render(action, result, Exchanges.requestId(request)).getBytes(StandardCharsets.UTF_8));
        } catch (AwsException e) {
            sendError(request, response, callback, e);
        } catch (Exception e) {
            LOG.error("request {} failed", Exchanges.requestId(request), e);
            sendError(request, response, callback, new AwsException(CommonError.INTERNAL_FAILURE,
                    "Internal error, request id " + Exchanges.requestId(request)));
        }
        return true;
    }

    private static boolean isMine(Request request) {
        Fields query = Request.extractQueryParameters(request);
        if (query.getValue("Action") != null) {
            return true;
        }
        if ("sts".equals(Authentication.of(request).service())) {
            return true;
        }
        String contentType = request.getHeaders().get("Content-Type");
        return "POST".equals(request.getMethod()) && "/".equals(request.getHttpURI().getPath())
                && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static Fields parameters(Request request) throws java.io.IOException {
        Fields fields = new Fields(true);
        Request.extractQueryParameters(request).forEach(fields::add);
        byte[] body = Exchanges.readBody(request, MAX_BODY);
        if (body == null) {
            throw new AwsException(StsError.INVALID_ACTION, "Request body too large");
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(name, value);
        }
        return fields;
    }

    static String render(String action, Object result, String requestId) throws ReflectiveOperationException {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<").append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        xml.append("<").append(action).append("Result>");
        if (result != null) {
            for (RecordComponent component : result.getClass().getRecordComponents()) {
                Object value = component.getAccessor().invoke(result);
                if (value != null) {
                    String name = Character.toUpperCase(component.getName().charAt(0))
                            + component.getName().substring(1);
                    xml.append('<').append(name).append('>').append(escape(value.toString()))
                            .append("</").append(name).append('>');
                }
            }
        }
        xml.append("</").append(action).append("Result>");
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(action).append("Response>");
        return xml.toString();
    }

    private static void sendError(Request request, Response response, Callback callback, AwsException e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        String type = e.httpStatus() >= 500 ? "Receiver" : "Sender";
        String xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + type + "</Type><Code>"
                + escape(e.code()) + "</Code><Message>" + escape(e.getMessage()) + "</Message></Error><RequestId>"
                + Exchanges.requestId(request) + "</RequestId></ErrorResponse>";
        Exchanges.respond(response, callback, e.httpStatus(), "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
