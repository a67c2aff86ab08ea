package dev.sagebox.objectstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The additional checksums S3 computes, verifies and stores; values are the big-endian digest bytes. */
public enum ChecksumAlgorithm {
    CRC32(true),
    CRC32C(true),
    CRC64NVME(true),
    SHA1(false),
    SHA256(false);

    private final boolean isCrc;

    ChecksumAlgorithm(boolean isCrc) {
        this.isCrc = isCrc;
    }

    /** Whether this is a CRC, the only kind S3 allows for FULL_OBJECT multipart checksums. */
    public boolean isCrc() {
        return isCrc;
    }

    /** The header carrying this checksum, e.g. {@code x-amz-checksum-crc32}. */
    public String headerName() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    /** The XML element carrying this checksum, e.g. {@code ChecksumCRC32}. */
    public String elementName() {
        return "Checksum" + name();
    }

    /** The algorithm for a wire name such as {@code crc32c} or {@code SHA256}, or null when unknown. */
    public static ChecksumAlgorithm fromName(String name) {
        if (name == null) {
            return null;
        }
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.name().equalsIgnoreCase(name.trim())) {
                return algorithm;
            }
        }
        return null;
    }

    /** A fresh digester for this algorithm. */
    public Digester newDigester() {
        return switch (this) {
            case CRC32 -> new CrcDigester(new CRC32(), 4);
            case CRC32C -> new CrcDigester(new CRC32C(), 4);
            case CRC64NVME -> new CrcDigester(new Crc64Nvme(), 8);
            case SHA1 -> new MessageDigester("SHA-1");
            case SHA256 -> new MessageDigester("SHA-256");
        };
    }

    /** Computes one checksum over bytes fed in order. */
    public interface Digester {
        void update(byte[] bytes, int offset, int length);

        /** The big-endian digest of everything fed so far. */
        byte[] digest();
    }

    private record CrcDigester(Checksum checksum, int width) implements Digester {
        @Override
        public void update(byte[] bytes, int offset, int length) {
            checksum.update(bytes, offset, length);
        }

        @Override
        public byte[] digest() {
            long value = checksum.getValue();
            byte[] out = new byte[width];
            for (int i = 0; i < width; i++) {
                out[i] = (byte) (value >>> (8 * (width - 1 - i)));
            }
            return out;
        }
    }

    private static final class MessageDigester implements Digester {
        private final MessageDigest digest;

        MessageDigester(String algorithm) {
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks " + algorithm, e);
            }
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public byte[] digest() {
            return digest.digest();
        }
    }
}
