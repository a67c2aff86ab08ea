package dev.sagebox.objectstore;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A stored part of a multipart upload.
 *
 * @param etag     the quoted hex MD5 of the part
 * @param checksum base64 of the part's checksum in the upload's algorithm, or null
 * @param file     the part's immutable file
 */
public record UploadedPart(int partNumber, long size, String etag, String checksum, Instant lastModified,
                           Path file) {
}
