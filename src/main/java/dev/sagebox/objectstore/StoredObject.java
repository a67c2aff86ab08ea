package dev.sagebox.objectstore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One object as the index records it.
 *
 * @param bucket       the bucket name
 * @param key          the key, exactly as written
 * @param size         length in bytes
 * @param etag         the ETag with its quotes, e.g. {@code "9b2cf535f27731c974343645a3985328"} or {@code "…-3"}
 * @param lastModified when this version was written (millisecond precision)
 * @param metadata     content type, user metadata and kept headers
 * @param checksum     the stored additional checksum, or null when none was asked for
 * @param partSizes    the part sizes of a multipart object, in order; empty for a single-part object
 * @param file         the stored file: immutable (mode 0444, never rewritten), so it can be hard-linked
 */
public record StoredObject(String bucket, String key, long size, String etag, Instant lastModified,
                           ObjectMetadata metadata, Checksum checksum, List<Long> partSizes, Path file) {
    public StoredObject {
        partSizes = partSizes == null ? List.of() : List.copyOf(partSizes);
    }

    /** The number of parts for a multipart object, 0 otherwise. */
    public int partsCount() {
        return partSizes.size();
    }
}
