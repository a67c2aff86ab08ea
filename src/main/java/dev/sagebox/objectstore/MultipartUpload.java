package dev.sagebox.objectstore;

import java.time.Instant;

/**
 * An unfinished multipart upload.
 *
 * @param checksumAlgorithm the algorithm named at creation, or null
 * @param checksumType      how the final checksum combines the parts, or null without an algorithm
 */
public record MultipartUpload(String uploadId, String bucket, String key, ObjectMetadata metadata,
                              ChecksumAlgorithm checksumAlgorithm, ChecksumType checksumType, Instant initiated) {
}
