package dev.sagebox.protocol.s3;

import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.objectstore.Checksum;
import dev.sagebox.objectstore.ChecksumAlgorithm;
import dev.sagebox.objectstore.ChecksumType;
import dev.sagebox.objectstore.Digests;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;

/**
 * The body of a PutObject or UploadPart: plain or aws-chunked, and every integrity claim the client made about it
 * ({@code Content-MD5}, a hex {@code x-amz-content-sha256}, one {@code x-amz-checksum-*} header or trailer). The
 * store computes the digests while streaming; {@link #verify} checks them before anything becomes visible.
 */
final class UploadBody {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int READ_BUFFER = 64 * 1024;

    private final InputStream stream;
    private final AwsChunkedInputStream chunked;
    private final byte[] contentMd5;
    private final String contentSha256;
    private final ChecksumAlgorithm algorithm;
    private final String headerChecksum;

    private UploadBody(InputStream stream, AwsChunkedInputStream chunked, byte[] contentMd5, String contentSha256,
                       ChecksumAlgorithm algorithm, String headerChecksum) {
        this.stream = stream;
        this.chunked = chunked;
        this.contentMd5 = contentMd5;
        this.contentSha256 = contentSha256;
        this.algorithm = algorithm;
        this.headerChecksum = headerChecksum;
    }

    static UploadBody open(S3Call call) {
        return open(call, true);
    }

    /**
     * @param checksumsDescribeBody false for CompleteMultipartUpload, whose {@code x-amz-checksum-*} headers carry the
     *                              whole object's checksum, not the XML body's
     */
    static UploadBody open(S3Call call, boolean checksumsDescribeBody) {
        String sha256 = call.header("x-amz-content-sha256");
        String encoding = call.header("Content-Encoding");
        boolean isChunked = sha256 != null && sha256.startsWith("STREAMING-")
                || encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked");
        InputStream raw = Content.Source.asInputStream(call.request());
        AwsChunkedInputStream chunked = null;
        InputStream stream = raw;
        if (isChunked) {
            boolean signed = sha256 != null && sha256.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
            chunked = new AwsChunkedInputStream(new BufferedInputStream(raw, READ_BUFFER), signed,
                    Authentication.of(call.request()).chunkSignatures(), decodedLength(call));
            stream = chunked;
        }
        ChecksumAlgorithm algorithm = checksumsDescribeBody ? checksumAlgorithm(call) : null;
        String headerValue = algorithm == null ? null : call.header(algorithm.headerName());
        String hexSha256 = !isChunked && sha256 != null && HEX_SHA256.matcher(sha256).matches()
                ? sha256.toLowerCase(Locale.ROOT) : null;
        return new UploadBody(stream, chunked, contentMd5(call.header("Content-MD5")), hexSha256, algorithm,
                headerValue);
    }

    InputStream stream() {
        return stream;
    }

    /**
     * Reads a small request body (an XML document) whole, holding it to the same integrity claims as an upload, so a
     * signed hex {@code x-amz-content-sha256} protects it too.
     *
     * @return the decoded body, or null when it is longer than {@code limit}
     */
    byte[] readVerified(int limit) throws IOException {
        byte[] body = stream.readNBytes(limit + 1);
        if (body.length > limit) {
            return null;
        }
        Map<ChecksumAlgorithm, byte[]> checksums = new EnumMap<>(ChecksumAlgorithm.class);
        for (ChecksumAlgorithm algorithm : compute()) {
            ChecksumAlgorithm.Digester digester = algorithm.newDigester();
            digester.update(body, 0, body.length);
            checksums.put(algorithm, digester.digest());
        }
        byte[] md5;
        try {
            md5 = MessageDigest.getInstance("MD5").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
        verify(new Digests(body.length, md5, checksums));
        return body;
    }

    /** The algorithms the store must compute while streaming. */
    Set<ChecksumAlgorithm> compute() {
        Set<ChecksumAlgorithm> result = EnumSet.noneOf(ChecksumAlgorithm.class);
        if (algorithm != null) {
            result.add(algorithm);
        }
        if (contentSha256 != null) {
            result.add(ChecksumAlgorithm.SHA256);
        }
        return result;
    }

    /** Checks every claim against the digests; returns the full-object checksum to store and echo, or null. */
    Checksum verify(Digests digests) {
        if (contentMd5 != null && !MessageDigest.isEqual(contentMd5, digests.md5())) {
            throw S3Error.BAD_DIGEST.exception();
        }
        if (contentSha256 != null
                && !contentSha256.equals(HexFormat.of().formatHex(digests.checksums().get(ChecksumAlgorithm.SHA256)))) {
            throw S3Error.X_AMZ_CONTENT_SHA256_MISMATCH.exception();
        }
        if (algorithm == null) {
            return null;
        }
        String computed = Base64.getEncoder().encodeToString(digests.checksums().get(algorithm));
        String claimed = headerChecksum != null ? headerChecksum
                : chunked == null ? null : chunked.trailers().get(algorithm.headerName());
        if (claimed != null && !claimed.trim().equals(computed)) {
            throw badChecksum(algorithm, claimed.trim());
        }
        return new Checksum(algorithm, computed, ChecksumType.FULL_OBJECT);
    }

    private static AwsException badChecksum(ChecksumAlgorithm algorithm, String claimed) {
        try {
            Base64.getDecoder().decode(claimed);
        } catch (IllegalArgumentException e) {
            return new AwsException(S3Error.INVALID_REQUEST, "Value for " + algorithm.headerName()
                    + " header is invalid.");
        }
        return new AwsException(S3Error.BAD_DIGEST, "The " + algorithm.name() + " you specified did not match the "
                + "calculated checksum.");
    }

    /**
     * The checksum algorithm the client asked for: a checksum header, else the trailer it announced, else the
     * algorithm named alone (the store then computes and keeps it).
     */
    static ChecksumAlgorithm checksumAlgorithm(S3Call call) {
        for (ChecksumAlgorithm candidate : ChecksumAlgorithm.values()) {
            if (call.header(candidate.headerName()) != null) {
                return candidate;
            }
        }
        String trailer = call.header("x-amz-trailer");
        if (trailer != null) {
            for (String name : trailer.split(",")) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (trimmed.startsWith("x-amz-checksum-")) {
                    ChecksumAlgorithm named = ChecksumAlgorithm.fromName(trimmed.substring("x-amz-checksum-".length()));
                    if (named != null) {
                        return named;
                    }
                }
            }
        }
        String named = call.header("x-amz-sdk-checksum-algorithm");
        if (named == null) {
            named = call.header("x-amz-checksum-algorithm");
        }
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromName(named);
        if (named != null && algorithm == null) {
            throw new AwsException(S3Error.INVALID_REQUEST, "Checksum algorithm " + named + " is not supported.");
        }
        return algorithm;
    }

    private static long decodedLength(S3Call call) {
        String value = call.header("x-amz-decoded-content-length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new AwsException(S3Error.INVALID_ARGUMENT, "x-amz-decoded-content-length is not a number.",
                    Map.of("ArgumentName", "x-amz-decoded-content-length", "ArgumentValue", value));
        }
    }

    private static byte[] contentMd5(String header) {
        if (header == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(header.trim());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // falls through to InvalidDigest
        }
        throw new AwsException(S3Error.INVALID_DIGEST, S3Error.INVALID_DIGEST.defaultMessage(),
                Map.of("Content-MD5", header));
    }
}
