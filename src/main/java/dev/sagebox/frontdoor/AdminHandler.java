package dev.sagebox.frontdoor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.aws.AwsException;
import dev.sagebox.protocol.Exchanges;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code /_sagebox/*}: our own routes. Bucket names never start with {@code _}, so these cannot clash with S3. */
final class AdminHandler extends Handler.Abstract {
    static final String PREFIX = "/_sagebox/";
    private static final Pattern RELOAD = Pattern.compile("/_sagebox/endpoints/([A-Za-z0-9-]{1,63})/reload");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> reloadEndpoint;

    AdminHandler(Consumer<String> reloadEndpoint) {
        this.reloadEndpoint = reloadEndpoint;
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
