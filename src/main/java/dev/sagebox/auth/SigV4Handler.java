package dev.sagebox.auth;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Attaches an {@link Authentication} to every request. The credential scope is always parsed, since the region comes
 * from it.
 */
public final class SigV4Handler extends Handler.Wrapper {

    public SigV4Handler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        request.setAttribute(Authentication.ATTRIBUTE, authenticate(request));
        return super.handle(request, response, callback);
    }

    private static Authentication authenticate(Request request) {
        String header = request.getHeaders().get("Authorization");
        SigV4Scope scope = null;
        if (header != null && header.startsWith("AWS4-HMAC-SHA256")) {
            int start = header.indexOf("Credential=");
            if (start >= 0) {
                int end = header.indexOf(',', start);
                scope = SigV4Scope.parse(header.substring(start + 11, end < 0 ? header.length() : end).trim());
            }
        } else {
            Fields query = Request.extractQueryParameters(request);
            scope = SigV4Scope.parse(query.getValue("X-Amz-Credential"));
        }
        return scope == null ? Authentication.ANONYMOUS
                : new Authentication(scope, null, null, null, ChunkSignatures.UNCHECKED);
    }
}
