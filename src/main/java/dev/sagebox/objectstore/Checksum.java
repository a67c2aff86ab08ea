package dev.sagebox.objectstore;

/**
 * A stored checksum as S3 reports it.
 *
 * @param algorithm the algorithm
 * @param value     base64 of the big-endian digest; a composite one ends in {@code -<part count>}
 * @param type      whole-object or composite
 */
public record Checksum(ChecksumAlgorithm algorithm, String value, ChecksumType type) {
}
