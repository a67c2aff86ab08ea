package dev.sagebox.protocol;

import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.RequestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small helpers for one HTTP exchange, shared by the codecs. All of them block: requests run on virtual threads. */
public final class Exchanges {
    /** Request attribute holding the id every response carries. */
    public static final String REQUEST_ID = "sagebox.requestId";
    /** Request attribute holding the server's own base URL, e.g. {@code http://127.0.0.1:4577}. */
    public static final String BASE_URL = "sagebox.baseUrl";

    private Exchanges() {
    }

    /** The id assigned to this request by the front door; a fresh one if it ran outside it (unit tests). */
    public static String requestId(Request request) {
        if (request.getAttribute(REQUEST_ID) instanceof String id) {
            return id;
        }
        String id = UUID.randomUUID().toString();
        request.setAttribute(REQUEST_ID, id);
        return id;
    }

    /** The request path as the client sent it, still percent-encoded: what S3 keys and SigV4 are built from. */
    public static String rawPath(Request request) {
        return dev.sagebox.auth.RawPath.of(request);
    }

    /** The context a feature sees: request id, region and caller from the SigV4 scope, our base URL. */
    public static RequestContext context(Request request) {
        Authentication auth = Authentication.of(request);
        String baseUrl = request.getAttribute(BASE_URL) instanceof String url ? url
                : "http://127.0.0.1:" + Request.getLocalPort(request);
        return new RequestContext(requestId(request), auth.region(), auth.accessKeyId(), baseUrl,
                Instant.ofEpochMilli(Request.getTimeStamp(request)));
    }

    /**
     * Reads the whole body, refusing more than {@code limit} bytes.
     *
     * @return the body, or null when it is longer than the limit
     */
    public static byte[] readBody(Request request, int limit) throws IOException {
        long declared = request.getLength();
        if (declared > limit) {
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0) {
                // The usual case: read into an array of the declared size. A 16 KiB scratch buffer per call was
                // most of InvokeEndpoint's allocation at 64 concurrent calls.
                byte[] body = new byte[(int) declared];
                int n = in.readNBytes(body, 0, body.length);
                return n == body.length ? body : Arrays.copyOf(body, n);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > limit) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Writes a complete response with a body and completes the callback. */
    public static void respond(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Writes a response with no body (HEAD answers, 204s) and completes the callback. */
    public static void respondEmpty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.write(true, null, callback);
    }
}
