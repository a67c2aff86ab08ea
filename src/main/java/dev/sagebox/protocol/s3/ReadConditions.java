package dev.sagebox.protocol.s3;

import dev.sagebox.aws.S3Error;
import dev.sagebox.objectstore.StoredObject;
import java.time.Instant;
import java.util.Map;

/**
 * The conditional headers of GetObject and HeadObject, evaluated in S3's order: If-Match, then If-Unmodified-Since
 * (skipped when If-Match passed), then If-None-Match, then If-Modified-Since (skipped when If-None-Match is present).
 */
final class ReadConditions {
    /** What the conditions allow. */
    enum Outcome { PROCEED, NOT_MODIFIED }

    private ReadConditions() {
    }

    static Outcome evaluate(S3Call call, StoredObject object) {
        return evaluate(call, object, "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since");
    }

    /** The same rules over another header family (CopyObject's {@code x-amz-copy-source-if-*}). */
    static Outcome evaluate(S3Call call, StoredObject object, String ifMatch, String ifNoneMatch,
                            String ifModifiedSince, String ifUnmodifiedSince) {
        String match = call.header(ifMatch);
        if (match != null) {
            if (!matches(match, object.etag())) {
                throw S3Error.PRECONDITION_FAILED.exception(Map.of("Condition", ifMatch));
            }
        } else {
            Instant unmodifiedSince = S3Responses.parseHttpDate(call.header(ifUnmodifiedSince));
            if (unmodifiedSince != null && object.lastModified().isAfter(unmodifiedSince)) {
                throw S3Error.PRECONDITION_FAILED.exception(Map.of("Condition", ifUnmodifiedSince));
            }
        }
        String noneMatch = call.header(ifNoneMatch);
        if (noneMatch != null) {
            return matches(noneMatch, object.etag()) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        Instant modifiedSince = S3Responses.parseHttpDate(call.header(ifModifiedSince));
        if (modifiedSince != null && !object.lastModified().isAfter(modifiedSince)) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /** Whether a comma-separated list of entity tags ({@code *} for any) names this ETag. */
    static boolean matches(String list, String etag) {
        String bare = unquote(etag);
        for (String candidate : list.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*") || unquote(trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed)
                    .equals(bare)) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String etag) {
        String trimmed = etag.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
