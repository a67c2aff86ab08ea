package dev.sagebox.auth;

import org.eclipse.jetty.server.Request;

/**
 * The request path exactly as the client sent it, still percent-encoded. Jetty refuses dot-segments that climb above
 * {@code /}, so the front door escapes such paths for Jetty and keeps the original here: S3 keys and SigV4 canonical
 * URIs must be built from what the client signed, not from the escaped form.
 */
public final class RawPath {
    /** Request attribute set only when the front door had to escape the path. */
    public static final String ATTRIBUTE = "sagebox.rawPath";

    private RawPath() {
    }

    public static String of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof String path ? path : request.getHttpURI().getPath();
    }
}
