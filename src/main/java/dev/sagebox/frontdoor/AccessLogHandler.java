package dev.sagebox.frontdoor;

import dev.sagebox.protocol.Exchanges;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One debug line per request with its id, route, status and time: {@code sagebox.access} at DEBUG turns it on. */
final class AccessLogHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger("sagebox.access");

    AccessLogHandler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!LOG.isDebugEnabled()) {
            return super.handle(request, response, callback);
        }
        long start = System.nanoTime();
        Callback logging = Callback.from(callback, () -> LOG.debug("{} {} {} {} {}µs", Exchanges.requestId(request),
                request.getMethod(), request.getHttpURI().getPathQuery(), response.getStatus(),
                (System.nanoTime() - start) / 1000));
        return super.handle(request, response, logging);
    }
}
