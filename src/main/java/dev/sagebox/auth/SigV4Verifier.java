package dev.sagebox.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Checks a request's SigV4 signature, from its {@code Authorization} header or presigned query, against the key
 * pairs (CONTRACTS.md §12). When the payload hash must come from the body, the body is read here, bounded, and
 * replayed to the codecs.
 */
public final class SigV4Verifier {
    /** Bodies hashed here are held in memory; control-plane and runtime bodies are well under this. */
    public static final int MAX_HASHED_BODY = 16 * 1024 * 1024;
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";

    private final KeyPairs keyPairs;
    private final Duration maxSkew;
    private final Clock clock;

    public SigV4Verifier(KeyPairs keyPairs, Duration maxSkew, Clock clock) {
        this.keyPairs = keyPairs;
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    /** The verdict on one request, and the request to hand on: a replaying wrapper when the body was read. */
    record Verdict(Authentication authentication, Request request) {
    }

    Verdict verify(Request request) throws IOException {
        Request handedOn = request;
        try {
            SignedRequest signed = parse(request);
            SigV4Scope scope = signed.scope();
            String secret = keyPairs.secretFor(scope.accessKeyId());
            if (secret == null) {
                throw new AuthRejection(AuthFailure.UNKNOWN_ACCESS_KEY,
                        "The security token included in the request is invalid.", scope);
            }
            checkTime(signed);
            boolean s3 = "s3".equals(scope.service());
            String payloadHash = payloadHash(request, signed, s3);
            if (payloadHash == null) {
                byte[] body = readBody(request, scope);
                handedOn = new ReplayedRequest(request, body);
                payloadHash = checkedBodyHash(request.getHeaders().get(CONTENT_SHA256), body, scope);
            }
            return new Verdict(checkSignature(request, signed, secret, payloadHash, s3), handedOn);
        } catch (AuthRejection rejection) {
            return new Verdict(rejection.toAuthentication(), handedOn);
        }
    }

    /** Recomputes the signature; a streaming payload gets the chain its chunks will be checked against. */
    private static Authentication checkSignature(Request request, SignedRequest signed, String secret,
                                                 String payloadHash, boolean s3) throws AuthRejection {
        SigV4Scope scope = signed.scope();
        HttpURI uri = request.getHttpURI();
        String canonical = CanonicalRequest.build(request.getMethod(), RawPath.of(request), uri.getQuery(),
                request.getHeaders(), signed.signedHeaders(), payloadHash, !s3, signed.isPresigned());
        String stringToSign = SigningKey.stringToSign(signed.amzDate(), scope, canonical);
        SigningKey key = SigningKey.derive(secret, scope);
        if (!SigningKey.matches(key.sign(stringToSign), signed.signature())) {
            throw new AuthRejection(AuthFailure.SIGNATURE_MISMATCH, mismatchMessage(canonical, stringToSign), scope);
        }
        ChunkSignatures chunks = payloadHash.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                ? new ChainedChunkSignatures(key, signed.amzDate(), scope, signed.signature())
                : ChunkSignatures.UNCHECKED;
        return new Authentication(scope, null, null, signed.signature(), chunks);
    }

    private static SignedRequest parse(Request request) throws AuthRejection {
        String authorization = request.getHeaders().get("Authorization");
        Fields query = Request.extractQueryParameters(request);
        boolean presigned = query.get("X-Amz-Signature") != null || query.get("X-Amz-Credential") != null
                || query.get("X-Amz-Algorithm") != null;
        if (authorization != null && presigned) {
            throw new AuthRejection(AuthFailure.MALFORMED,
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization "
                            + "header should be specified", null);
        }
        if (authorization != null) {
            return SignedRequest.fromHeader(authorization.strip(), request.getHeaders());
        }
        if (presigned) {
            return SignedRequest.fromQuery(query);
        }
        throw new AuthRejection(AuthFailure.MISSING, "Missing Authentication Token", null);
    }

    private void checkTime(SignedRequest signed) throws AuthRejection {
        SigV4Scope scope = signed.scope();
        if (!signed.amzDate().startsWith(scope.date())) {
            throw new AuthRejection(AuthFailure.SIGNATURE_MISMATCH, "Date in Credential scope does not match "
                    + "YYYYMMDD from ISO-8601 version of date from HTTP: '" + scope.date() + "' != '"
                    + signed.amzDate().substring(0, 8) + "', from '" + signed.amzDate() + "'.", scope);
        }
        Instant now = clock.instant();
        if (signed.isPresigned() && now.isAfter(signed.time().plusSeconds(signed.expiresSeconds()))) {
            throw new AuthRejection(AuthFailure.EXPIRED, "Request has expired", scope);
        }
        if (signed.time().isAfter(now.plus(maxSkew))) {
            throw new AuthRejection(AuthFailure.CLOCK_SKEW, "Signature not yet current: " + signed.amzDate()
                    + " is still later than " + amzDate(now.plus(maxSkew)) + " (" + amzDate(now) + " + "
                    + maxSkew.toMinutes() + " min.)", scope);
        }
        if (!signed.isPresigned() && signed.time().isBefore(now.minus(maxSkew))) {
            throw new AuthRejection(AuthFailure.CLOCK_SKEW, "Signature expired: " + signed.amzDate()
                    + " is now earlier than " + amzDate(now.minus(maxSkew)) + " (" + amzDate(now) + " - "
                    + maxSkew.toMinutes() + " min.)", scope);
        }
    }

    /**
     * The payload hash the client signed, or null when it must be computed from the body: always for services
     * other than S3 that send a hex digest, since nothing downstream re-checks their bodies (the S3 codec checks
     * its own, answering {@code XAmzContentSHA256Mismatch}).
     */
    private static String payloadHash(Request request, SignedRequest signed, boolean s3) {
        String header = request.getHeaders().get(CONTENT_SHA256);
        if (header == null) {
            return signed.isPresigned() && s3 ? UNSIGNED_PAYLOAD : null;
        }
        return !s3 && isHexDigest(header) ? null : header;
    }

    private static String checkedBodyHash(String header, byte[] body, SigV4Scope scope) throws AuthRejection {
        String computed = SigningKey.hex(SigningKey.sha256(body));
        if (header != null && !computed.equals(header.toLowerCase(Locale.ROOT))) {
            throw new AuthRejection(AuthFailure.SIGNATURE_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.", scope);
        }
        // The client signed the header as it sent it, upper-case hex included.
        return header != null ? header : computed;
    }

    private static byte[] readBody(Request request, SigV4Scope scope) throws IOException, AuthRejection {
        long declared = request.getLength();
        if (declared > MAX_HASHED_BODY) {
            throw tooLarge(scope);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > MAX_HASHED_BODY) {
                    throw tooLarge(scope);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static AuthRejection tooLarge(SigV4Scope scope) {
        return new AuthRejection(AuthFailure.SIGNATURE_MISMATCH, "A request body over " + MAX_HASHED_BODY
                + " bytes cannot be verified without an x-amz-content-sha256 header.", scope);
    }

    private static boolean isHexDigest(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** AWS's JSON services put both strings in the message: the quickest way to debug a client's signer. */
    private static String mismatchMessage(String canonical, String stringToSign) {
        return "The request signature we calculated does not match the signature you provided. Check your AWS "
                + "Secret Access Key and signing method. Consult the service documentation for details.\n\n"
                + "The Canonical String for this request should have been\n'" + canonical + "'\n\n"
                + "The String-to-Sign should have been\n'" + stringToSign + "'\n";
    }

    private static String amzDate(Instant instant) {
        return SignedRequest.AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }
}
