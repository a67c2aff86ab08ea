package dev.sagebox.frontdoor;

import dev.sagebox.protocol.Exchanges;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code /_sagebox/*}: our own routes. Bucket names never start with {@code _}, so these cannot clash with S3. */
final class AdminHandler extends Handler.Abstract {
    static final String PREFIX = "/_sagebox/";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith(PREFIX)) {
            return false;
        }
        if (path.equals(PREFIX + "health")) {
            Exchanges.respond(response, callback, 200, "application/json",
                    "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
        } else {
            Exchanges.respond(response, callback, 404, "application/json",
                    "{\"message\":\"no such admin route\"}".getBytes(StandardCharsets.UTF_8));
        }
        return true;
    }
}
