package dev.sagebox.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Attaches an {@link Authentication} to every request. The credential scope is always parsed, since the region comes
 * from it; with a {@link SigV4Verifier} the signature is checked too. The verdict never answers the request itself:
 * each codec renders a failure in its own protocol's words, and admin routes need no signature.
 */
public final class SigV4Handler extends Handler.Wrapper {
    private final SigV4Verifier verifier;

    /** Auth {@code off}: parse the scope, check nothing. */
    public SigV4Handler(Handler handler) {
        this(handler, null);
    }

    /** Auth {@code verify} when {@code verifier} is given, {@code off} when it is null. */
    public SigV4Handler(Handler handler, SigV4Verifier verifier) {
        super(handler);
        this.verifier = verifier;
    }

    /** The wrapper for the front door: verifying when the key pairs are, parsing only when auth is off. */
    public static UnaryOperator<Handler> wrapping(KeyPairs keyPairs, Duration maxSkew) {
        if (!keyPairs.isVerifying()) {
            return SigV4Handler::new;
        }
        SigV4Verifier verifier = new SigV4Verifier(keyPairs, maxSkew, Clock.systemUTC());
        return handler -> new SigV4Handler(handler, verifier);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (verifier == null) {
            request.setAttribute(Authentication.ATTRIBUTE, parseScope(request));
            return super.handle(request, response, callback);
        }
        SigV4Verifier.Verdict verdict = verifier.verify(request);
        request.setAttribute(Authentication.ATTRIBUTE, verdict.authentication());
        return super.handle(verdict.request(), response, callback);
    }

    private static Authentication parseScope(Request request) {
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
