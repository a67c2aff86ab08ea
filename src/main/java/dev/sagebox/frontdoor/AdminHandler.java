package dev.sagebox.frontdoor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.ServedOperation;
import dev.sagebox.protocol.Exchanges;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /_sagebox/*}: our own routes. Bucket names never start with {@code _}, so these cannot clash with S3.
 * {@code GET /_sagebox/operations} lists what the codecs serve, per service, for docs/coverage.md.
 */
final class AdminHandler extends Handler.Abstract {
    static final String PREFIX = "/_sagebox/";
    private static final Pattern RELOAD = Pattern.compile("/_sagebox/endpoints/([A-Za-z0-9-]{1,63})/reload");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> reloadEndpoint;
    private final byte[] operations;

    AdminHandler(Consumer<String> reloadEndpoint, List<ServedOperation> served) {
        this.reloadEndpoint = reloadEndpoint;
        try {
            this.operations = operationsJson(served);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the operation list", e);
        }
    }

    /** {@code {"services":{"s3":[{"name":"GetObject","executes":true},…],…}}}, sorted by service, then name. */
    private static byte[] operationsJson(List<ServedOperation> served) throws JsonProcessingException {
        Map<String, List<Map<String, Object>>> services = new TreeMap<>();
        served.stream().sorted(Comparator.comparing(ServedOperation::service).thenComparing(ServedOperation::name))
                .forEach(op -> services.computeIfAbsent(op.service(), s -> new ArrayList<>())
                        .add(Map.of("name", op.name(), "executes", op.executes())));
        return JSON.writeValueAsBytes(Map.of("services", services));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith(PREFIX)) {
            return false;
        }
        Matcher reload = RELOAD.matcher(path);
        if (path.equals(PREFIX + "health")) {
            respond(response, callback, 200, Map.of("status", "ok"));
        } else if (path.equals(PREFIX + "operations") && HttpMethod.GET.is(request.getMethod())) {
            Exchanges.respond(response, callback, 200, "application/json", operations);
        } else if (reload.matches() && HttpMethod.POST.is(request.getMethod())) {
            try {
                reloadEndpoint.accept(reload.group(1));
                respond(response, callback, 202, Map.of("status", "Updating", "endpoint", reload.group(1)));
            } catch (AwsException e) {
                respond(response, callback, e.httpStatus(), Map.of("__type", e.code(), "message", e.getMessage()));
            }
        } else {
            respond(response, callback, 404, Map.of("message", "no such admin route"));
        }
        return true;
    }

    private static void respond(Response response, Callback callback, int status, Map<String, String> body)
            throws JsonProcessingException {
        Exchanges.respond(response, callback, status, "application/json",
                JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
