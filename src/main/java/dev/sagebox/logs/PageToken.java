package dev.sagebox.logs;

import dev.sagebox.aws.LogsError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The {@code nextToken} of DescribeLogGroups, DescribeLogStreams and FilterLogEvents: the sort key of the last item
 * returned, so the next page starts right after it even when items were added in between. Opaque to clients.
 */
final class PageToken {
    private static final String SEPARATOR = "\u0000";
    private static final String VERSION = "1";

    private PageToken() {
    }

    static String encode(Object... keyParts) {
        StringBuilder text = new StringBuilder(VERSION);
        for (Object part : keyParts) {
            text.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key parts of a token this class made, which must have exactly {@code parts} parts. */
    static List<String> decode(String token, int parts) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        List<String> split = Arrays.asList(text.split(SEPARATOR, -1));
        if (split.size() != parts + 1 || !split.get(0).equals(VERSION)) {
            throw invalid();
        }
        return split.subList(1, split.size());
    }

    static long decodeLong(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static RuntimeException invalid() {
        return LogsError.INVALID_PARAMETER.exception("The specified nextToken is invalid.");
    }
}
