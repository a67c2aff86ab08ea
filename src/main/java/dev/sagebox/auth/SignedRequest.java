package dev.sagebox.auth;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Fields;

/**
 * What a request claims about its signature, from the {@code Authorization} header or a presigned URL's query.
 *
 * @param scope          the credential scope
 * @param signedHeaders  lower-case header names, in the order signed
 * @param signature      the hex signature to check
 * @param amzDate        the request time as signed, {@code yyyyMMdd'T'HHmmss'Z'}
 * @param time           the same time as an instant
 * @param expiresSeconds for a presigned URL, its validity from {@code time}; 0 for header signatures
 */
record SignedRequest(SigV4Scope scope, List<String> signedHeaders, String signature, String amzDate, Instant time,
                     long expiresSeconds) {
    static final long MAX_PRESIGN_SECONDS = 604_800;
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    boolean isPresigned() {
        return expiresSeconds > 0;
    }

    /** Parses {@code AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…} plus X-Amz-Date or Date. */
    static SignedRequest fromHeader(String authorization, HttpFields headers) throws AuthRejection {
        if (!authorization.startsWith(SigningKey.ALGORITHM + " ")) {
            throw new AuthRejection(AuthFailure.MALFORMED, "Unsupported Authorization type: only "
                    + SigningKey.ALGORITHM + " is accepted.", null);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : authorization.substring(SigningKey.ALGORITHM.length() + 1).split(",")) {
            String component = part.strip();
            int eq = component.indexOf('=');
            String name = eq < 0 ? component : component.substring(0, eq);
            String value = eq < 0 ? "" : component.substring(eq + 1).strip();
            switch (name) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                    // unknown components are ignored, as AWS does
                }
            }
        }
        SigV4Scope scope = requireScope(credential);
        if (signedHeaders == null || signedHeaders.isEmpty() || signature == null || signature.isEmpty()) {
            throw new AuthRejection(AuthFailure.MALFORMED, "Authorization header requires 'Credential', "
                    + "'Signature' and 'SignedHeaders'.", scope);
        }
        String amzDate = headers.get("X-Amz-Date");
        Instant time = amzDate != null ? parseAmzDate(amzDate, scope) : parseHttpDate(headers.get("Date"), scope);
        return new SignedRequest(scope, signedHeaders(signedHeaders, scope), signature,
                AMZ_DATE.format(time.atOffset(ZoneOffset.UTC)), time, 0);
    }

    /** Parses the {@code X-Amz-*} parameters of a presigned URL (already percent-decoded). */
    static SignedRequest fromQuery(Fields query) throws AuthRejection {
        SigV4Scope scope = requireScope(query.getValue("X-Amz-Credential"));
        String algorithm = query.getValue("X-Amz-Algorithm");
        if (!SigningKey.ALGORITHM.equals(algorithm)) {
            throw new AuthRejection(AuthFailure.MALFORMED, "X-Amz-Algorithm only supports \""
                    + SigningKey.ALGORITHM + "\"", scope);
        }
        String signature = query.getValue("X-Amz-Signature");
        String signedHeaders = query.getValue("X-Amz-SignedHeaders");
        String date = query.getValue("X-Amz-Date");
        String expires = query.getValue("X-Amz-Expires");
        if (signature == null || signedHeaders == null || date == null || expires == null) {
            throw new AuthRejection(AuthFailure.MALFORMED, "Query-string authentication requires the "
                    + "X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
                    + "X-Amz-Expires parameters.", scope);
        }
        long seconds;
        try {
            seconds = Long.parseLong(expires.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
            throw new AuthRejection(AuthFailure.MALFORMED, "X-Amz-Expires must be between 1 and "
                    + MAX_PRESIGN_SECONDS + " seconds, not " + expires, scope);
        }
        return new SignedRequest(scope, signedHeaders(signedHeaders, scope), signature, date,
                parseAmzDate(date, scope), seconds);
    }

    private static SigV4Scope requireScope(String credential) throws AuthRejection {
        SigV4Scope scope = SigV4Scope.parse(credential);
        if (scope == null) {
            throw new AuthRejection(AuthFailure.MALFORMED, "Credential must have the form "
                    + "<AccessKeyId>/<yyyyMMdd>/<region>/<service>/aws4_request, not '" + credential + "'.", null);
        }
        return scope;
    }

    /** SigV4 requires {@code host} to be signed, so a signature cannot be replayed against another server. */
    private static List<String> signedHeaders(String value, SigV4Scope scope) throws AuthRejection {
        List<String> names = Arrays.stream(value.split(";")).map(String::strip).toList();
        if (!names.contains("host") || names.stream().anyMatch(name -> !name.equals(name.toLowerCase(Locale.ROOT)))) {
            throw new AuthRejection(AuthFailure.MALFORMED, "Signed headers must include 'host' and be lower-case: "
                    + value, scope);
        }
        return names;
    }

    private static Instant parseAmzDate(String value, SigV4Scope scope) throws AuthRejection {
        try {
            return LocalDateTime.parse(value.strip(), AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new AuthRejection(AuthFailure.MALFORMED, "X-Amz-Date must be in ISO 8601 basic format "
                    + "(yyyyMMdd'T'HHmmss'Z'), not '" + value + "'.", scope);
        }
    }

    private static Instant parseHttpDate(String value, SigV4Scope scope) throws AuthRejection {
        if (value == null) {
            throw new AuthRejection(AuthFailure.MALFORMED, "Authorization requires an X-Amz-Date or Date header.",
                    scope);
        }
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new AuthRejection(AuthFailure.MALFORMED, "Date must be an RFC 1123 date, not '" + value + "'.",
                    scope);
        }
    }
}
