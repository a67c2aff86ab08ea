package dev.sagebox.objectstore;

/**
 * One {@code <Part>} of a CompleteMultipartUpload request.
 *
 * @param checksum the part checksum the client listed (base64), or null
 */
public record CompletedPart(int partNumber, String etag, String checksum) {
}
