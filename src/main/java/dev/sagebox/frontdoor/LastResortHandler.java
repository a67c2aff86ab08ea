package dev.sagebox.frontdoor;

import dev.sagebox.protocol.Exchanges;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches what escapes every codec. Codecs render their own errors, including their own InternalFailure, so reaching
 * this is a bug in a codec: log it once with the request id and answer a plain 500.
 */
final class LastResortHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(LastResortHandler.class);

    LastResortHandler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            return super.handle(request, response, callback);
        } catch (Throwable bug) {
            String id = Exchanges.requestId(request);
            LOG.error("request {} {} {} failed", id, request.getMethod(), request.getHttpURI().getPathQuery(), bug);
            if (response.isCommitted()) {
                callback.failed(bug);
            } else {
                response.reset();
                response.getHeaders().put("x-amzn-RequestId", id);
                response.getHeaders().put("x-amzn-ErrorType", "InternalFailure");
                Exchanges.respond(response, callback, 500, "application/x-amz-json-1.1",
                        ("{\"__type\":\"InternalFailure\",\"message\":\"Internal error, request id " + id + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
            }
            return true;
        }
    }
}
