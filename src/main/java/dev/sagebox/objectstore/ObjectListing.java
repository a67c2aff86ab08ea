package dev.sagebox.objectstore;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Lists one page of keys in a single read transaction. Positions are UTF-8 byte strings; a continuation token is the
 * exclusive lower bound of the next page, base64url-encoded. After a common prefix {@code P} the next page starts
 * past {@code P + 0xFF}: no UTF-8 key contains the byte 0xFF, so that skips every key under {@code P}.
 */
final class ObjectListing {
    private static final int BATCH = 1000;

    private final ObjectIndex index;
    private final Connection connection;
    private final String bucket;
    private final ListQuery query;
    private final List<StoredObject> contents = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private String lastItem;
    private byte[] lastPosition;

    ObjectListing(ObjectIndex index, Connection connection, String bucket, ListQuery query) {
        this.index = index;
        this.connection = connection;
        this.bucket = bucket;
        this.query = query;
    }

    ListPage run() throws SQLException {
        byte[] prefix = ObjectIndex.utf8(query.prefix());
        byte[] upper = prefix.length == 0 ? null : append(prefix, (byte) 0xFF);
        byte[] after = startAfter();
        if (prefix.length > 0 && (after == null || Arrays.compareUnsigned(after, prefix) < 0)) {
            // keys equal to the prefix belong to the listing: start just below it
            after = predecessorBound(prefix);
        }
        int limit = Math.max(0, Math.min(query.maxKeys(), BATCH));
        boolean truncated = false;
        outer:
        while (true) {
            List<StoredObject> batch = index.page(connection, bucket, after, upper, BATCH);
            for (StoredObject object : batch) {
                if (contents.size() + prefixes.size() >= limit) {
                    truncated = true;
                    break outer;
                }
                String commonPrefix = commonPrefix(object.key());
                if (commonPrefix != null) {
                    prefixes.add(commonPrefix);
                    lastItem = commonPrefix;
                    lastPosition = append(ObjectIndex.utf8(commonPrefix), (byte) 0xFF);
                    after = lastPosition;
                    continue outer;
                }
                contents.add(object);
                lastItem = object.key();
                lastPosition = ObjectIndex.utf8(object.key());
                after = lastPosition;
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        String token = truncated ? Base64.getUrlEncoder().withoutPadding().encodeToString(lastPosition) : null;
        return new ListPage(contents, prefixes, truncated, lastItem, token);
    }

    private byte[] startAfter() {
        if (query.continuationToken() != null) {
            try {
                return Base64.getUrlDecoder().decode(query.continuationToken());
            } catch (IllegalArgumentException e) {
                throw new AwsException(S3Error.INVALID_ARGUMENT, "The continuation token provided is incorrect");
            }
        }
        String marker = query.after();
        if (marker == null || marker.isEmpty()) {
            return null;
        }
        // A v1 marker that is itself a common prefix of this listing (our NextMarker) skips the whole group.
        String group = commonPrefix(marker);
        if (group != null && group.equals(marker)) {
            return append(ObjectIndex.utf8(marker), (byte) 0xFF);
        }
        return ObjectIndex.utf8(marker);
    }

    /** The common prefix {@code key} rolls up into, or null when it is listed as itself. */
    private String commonPrefix(String key) {
        if (query.delimiter() == null || !key.startsWith(query.prefix())) {
            return null;
        }
        int at = key.indexOf(query.delimiter(), query.prefix().length());
        return at < 0 ? null : key.substring(0, at + query.delimiter().length());
    }

    /** The largest byte string below {@code bytes}, as an exclusive bound: drops or decrements the last byte. */
    private static byte[] predecessorBound(byte[] bytes) {
        byte last = bytes[bytes.length - 1];
        if (last == 0) {
            return Arrays.copyOf(bytes, bytes.length - 1);
        }
        byte[] result = Arrays.copyOf(bytes, bytes.length + 1);
        result[bytes.length - 1] = (byte) (last - 1);
        result[bytes.length] = (byte) 0xFF;
        return result;
    }

    private static byte[] append(byte[] bytes, byte extra) {
        byte[] result = Arrays.copyOf(bytes, bytes.length + 1);
        result[bytes.length] = extra;
        return result;
    }
}
