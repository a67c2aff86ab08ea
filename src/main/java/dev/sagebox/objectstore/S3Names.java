package dev.sagebox.objectstore;

import dev.sagebox.aws.S3Error;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** S3's rules for bucket names and keys. Keys are only ever index values, so any NUL-free Unicode is legal. */
final class S3Names {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    static final int MAX_KEY_BYTES = 1024;

    private S3Names() {
    }

    static void requireValidBucketName(String name) {
        if (name == null || !BUCKET.matcher(name).matches() || name.contains("..") || name.contains(".-")
                || name.contains("-.") || IP_ADDRESS.matcher(name).matches()) {
            throw S3Error.INVALID_BUCKET_NAME.exception(Map.of("BucketName", name == null ? "" : name));
        }
    }

    static void requireValidKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new dev.sagebox.aws.AwsException(S3Error.INVALID_ARGUMENT, "An object key must not be empty.");
        }
        // A UTF-16 length already over the limit saves encoding megabytes of key.
        if (key.length() > MAX_KEY_BYTES || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw S3Error.KEY_TOO_LONG.exception(Map.of("Size", key.getBytes(StandardCharsets.UTF_8).length,
                    "MaxSizeAllowed", MAX_KEY_BYTES));
        }
    }
}
