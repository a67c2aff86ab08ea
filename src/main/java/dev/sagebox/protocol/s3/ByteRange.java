package dev.sagebox.protocol.s3;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single satisfiable {@code Range: bytes=} request. Like S3, a header that is not one well-formed range is ignored
 * (the whole object is sent), and a well-formed range past the end is {@code InvalidRange} (416).
 *
 * @param first the first byte, inclusive
 * @param last  the last byte, inclusive
 */
record ByteRange(long first, long last) {
    private static final Pattern RANGE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** The range to serve, or null for the whole object. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(header, size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            if (last < first) {
                return null;
            }
            if (first >= size) {
                throw unsatisfiable(header, size);
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static AwsException unsatisfiable(String header, long size) {
        return S3Error.INVALID_RANGE.exception(Map.of("RangeRequested", header.trim(), "ActualObjectSize", size));
    }
}
