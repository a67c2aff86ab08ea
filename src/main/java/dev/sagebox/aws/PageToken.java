package dev.sagebox.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque {@code NextToken}s for list operations: the offset into the filtered, sorted result, wrapped so clients
 * treat it as a cursor. A token that does not decode is a ValidationException, as AWS answers a garbled token.
 */
public final class PageToken {
    private static final String PREFIX = "sagebox-page:";

    private PageToken() {
    }

    public static String of(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token stands for; 0 for a null token. */
    public static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                int offset = Integer.parseInt(text.substring(PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw SageMakerError.VALIDATION.exception("Invalid pagination token because \"" + token + "\".");
    }

    /** The token for the page after {@code [offset, offset+pageSize)}, or null when that page ends the list. */
    public static String next(int offset, int pageSize, int total) {
        int end = offset + pageSize;
        return end < total ? of(end) : null;
    }
}
