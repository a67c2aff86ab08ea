package dev.sagebox.objectstore;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rules of CompleteMultipartUpload: which parts are valid, and the ETag and checksums of the result. */
final class PartSelection {
    private PartSelection() {
    }

    /** The stored parts the request names, after S3's checks: order, existence, ETag match and minimum size. */
    static List<UploadedPart> choose(List<CompletedPart> requested, List<UploadedPart> stored) {
        if (requested.isEmpty()) {
            throw S3Error.MALFORMED_XML.exception();
        }
        Map<Integer, UploadedPart> byNumber = new HashMap<>();
        stored.forEach(part -> byNumber.put(part.partNumber(), part));
        int previous = 0;
        List<UploadedPart> chosen = new java.util.ArrayList<>(requested.size());
        for (CompletedPart want : requested) {
            if (want.partNumber() <= previous) {
                throw S3Error.INVALID_PART_ORDER.exception();
            }
            previous = want.partNumber();
            UploadedPart part = byNumber.get(want.partNumber());
            if (part == null || !unquote(part.etag()).equals(unquote(want.etag()))
                    || want.checksum() != null && part.checksum() != null && !want.checksum().equals(part.checksum())) {
                throw S3Error.INVALID_PART.exception(Map.of("PartNumber", want.partNumber(),
                        "ETag", want.etag() == null ? "" : want.etag()));
            }
            chosen.add(part);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            UploadedPart part = chosen.get(i);
            if (part.size() < MultipartUploads.MIN_PART_SIZE) {
                throw S3Error.ENTITY_TOO_SMALL.exception(Map.of("ProposedSize", part.size(),
                        "MinSizeAllowed", MultipartUploads.MIN_PART_SIZE, "PartNumber", part.partNumber(),
                        "ETag", unquote(part.etag())));
            }
        }
        return chosen;
    }

    /** {@code "<md5 hex of the concatenated binary part MD5s>-<N>"}. */
    static String etag(List<UploadedPart> parts) {
        MessageDigest md5 = md5();
        for (UploadedPart part : parts) {
            md5.update(HexFormat.of().parseHex(unquote(part.etag())));
        }
        return "\"" + HexFormat.of().formatHex(md5.digest()) + "-" + parts.size() + "\"";
    }

    /** {@code base64(alg(concatenated binary part checksums))-N}. */
    static Checksum composite(ChecksumAlgorithm algorithm, List<UploadedPart> parts) {
        ChecksumAlgorithm.Digester digester = algorithm.newDigester();
        for (UploadedPart part : parts) {
            byte[] value = part.checksum() != null ? Base64.getDecoder().decode(part.checksum())
                    : checksumOfFile(algorithm, part);
            digester.update(value, 0, value.length);
        }
        String value = Base64.getEncoder().encodeToString(digester.digest()) + "-" + parts.size();
        return new Checksum(algorithm, value, ChecksumType.COMPOSITE);
    }

    /** The CRC of the whole object, checked against the client's value when it sent one ({@code BadDigest}). */
    static Checksum fullObject(ChecksumAlgorithm algorithm, Digests digests, String expected) {
        String value = Base64.getEncoder().encodeToString(digests.checksums().get(algorithm));
        if (expected != null && !expected.equals(value)) {
            throw new AwsException(S3Error.BAD_DIGEST, "The " + algorithm.name().toLowerCase(Locale.ROOT)
                    + " you specified for the full object did not match what was computed.");
        }
        return new Checksum(algorithm, value, ChecksumType.FULL_OBJECT);
    }

    /** A part stored without a checksum (its upload named none at the time): compute it from the file. */
    private static byte[] checksumOfFile(ChecksumAlgorithm algorithm, UploadedPart part) {
        ChecksumAlgorithm.Digester digester = algorithm.newDigester();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(part.file())) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digester.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digester.digest();
    }

    static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        String trimmed = etag.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }
}
