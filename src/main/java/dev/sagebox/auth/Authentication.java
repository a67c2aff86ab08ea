package dev.sagebox.auth;

import dev.sagebox.aws.Region;
import org.eclipse.jetty.server.Request;

/**
 * What the SigV4 wrapper learned about one request, attached to it for the codecs. In {@code off} mode the scope is
 * parsed but never checked, so {@link #failure()} is always null there.
 *
 * @param scope            the parsed credential scope, or null for an unsigned request
 * @param failure          why verification failed, or null when it passed or was not asked for
 * @param failureMessage   a human explanation to put in the error message
 * @param seedSignature    the header (or presigned) signature, which starts the aws-chunked signature chain
 * @param chunkSignatures  checks aws-chunked signatures; {@link ChunkSignatures#UNCHECKED} unless verifying
 */
public record Authentication(SigV4Scope scope, AuthFailure failure, String failureMessage, String seedSignature,
                             ChunkSignatures chunkSignatures) {

    public static final String ATTRIBUTE = Authentication.class.getName();

    /** An unsigned request with auth off. */
    public static final Authentication ANONYMOUS =
            new Authentication(null, null, null, null, ChunkSignatures.UNCHECKED);

    /** The authentication attached to a request, or {@link #ANONYMOUS} when none was. */
    public static Authentication of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof Authentication authentication ? authentication : ANONYMOUS;
    }

    public static Authentication failed(SigV4Scope scope, AuthFailure failure, String message) {
        return new Authentication(scope, failure, message, null, ChunkSignatures.UNCHECKED);
    }

    public boolean isFailed() {
        return failure != null;
    }

    /** The region from the scope; {@code us-east-1} for unsigned requests. */
    public Region region() {
        return Region.ofScope(scope == null ? null : scope.region());
    }

    /** The signing service from the scope, or null for unsigned requests. */
    public String service() {
        return scope == null ? null : scope.service();
    }

    /** The caller's access key id, or null for unsigned requests. */
    public String accessKeyId() {
        return scope == null ? null : scope.accessKeyId();
    }
}
