package dev.sagebox.objectstore;

import java.util.Map;

/**
 * What was computed while bytes streamed to disk.
 *
 * @param size      bytes written
 * @param md5       the MD5 digest (the plain ETag)
 * @param checksums the additional checksums that were asked for, big-endian digest bytes
 */
public record Digests(long size, byte[] md5, Map<ChecksumAlgorithm, byte[]> checksums) {
    public Digests {
        checksums = Map.copyOf(checksums);
    }

    /** The ETag for a single-part object: the quoted hex MD5. */
    public String etag() {
        return "\"" + java.util.HexFormat.of().formatHex(md5) + "\"";
    }
}
