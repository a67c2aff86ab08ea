package dev.sagebox.protocol.s3;

import dev.sagebox.auth.Authentication;
import dev.sagebox.protocol.Exchanges;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One S3 request after addressing: the bucket and key decoded from the raw path (or the Host header), and the query
 * parameters decoded once.
 *
 * @param bucket the bucket, or null for the service ({@code GET /})
 * @param key    the object key exactly as the client meant it, or null for a bucket-level request
 * @param query  the decoded query parameters; a bare {@code ?uploads} maps to ""
 */
record S3Call(Request request, Response response, Callback callback, String bucket, String key,
              Map<String, String> query) {

    String method() {
        return request.getMethod();
    }

    boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    boolean has(String parameter) {
        return query.containsKey(parameter);
    }

    String param(String name) {
        return query.get(name);
    }

    String requestId() {
        return Exchanges.requestId(request);
    }

    /** The region the request was signed for; us-east-1 when unsigned. */
    String region() {
        return Authentication.of(request).region().name();
    }
}
