package dev.sagebox.protocol.s3;

import dev.sagebox.auth.ChunkSignatures;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an aws-chunked body (CONTRACTS.md §10.3), read after HTTP chunking is gone: {@code <hex>[;chunk-signature=
 * <sig>]\r\n<data>\r\n} repeated, a zero-size chunk, optional trailers ({@code name:value\r\n}), then an empty line.
 * Signed chunks and the trailer signature are checked through {@link ChunkSignatures}; with the unchecked instance no
 * chunk is hashed, so auth {@code off} costs nothing per byte. Trailers are available once the stream hit its end.
 */
final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 4096;
    private static final String SIGNATURE = "chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private final InputStream in;
    private final boolean signed;
    private final ChunkSignatures signatures;
    private final MessageDigest chunkDigest;
    private final long decodedLength;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private long remaining;
    private String chunkSignature;
    private long total;
    private boolean finished;

    /**
     * @param in            the body without HTTP chunking
     * @param signed        whether every chunk must carry a {@code chunk-signature}
     * @param signatures    checks the signature chain
     * @param decodedLength {@code x-amz-decoded-content-length}, or -1 when absent
     */
    AwsChunkedInputStream(InputStream in, boolean signed, ChunkSignatures signatures, long decodedLength) {
        this.in = in;
        this.signed = signed;
        this.signatures = signatures;
        this.decodedLength = decodedLength;
        this.chunkDigest = signed && signatures != ChunkSignatures.UNCHECKED ? sha256() : null;
    }

    /** The trailing headers, names lower-cased; complete once {@link #read} has returned -1. */
    Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (remaining == 0) {
            if (finished) {
                return -1;
            }
            nextChunk();
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw incomplete("The body ended inside a chunk.");
        }
        if (chunkDigest != null) {
            chunkDigest.update(buffer, offset, n);
        }
        remaining -= n;
        total += n;
        if (remaining == 0) {
            endChunk();
        }
        return n;
    }

    private void nextChunk() throws IOException {
        String header = readLine();
        if (header == null) {
            throw incomplete("The body ended before the final chunk.");
        }
        int semicolon = header.indexOf(';');
        String size = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        chunkSignature = null;
        if (semicolon >= 0) {
            String extension = header.substring(semicolon + 1).trim();
            if (extension.startsWith(SIGNATURE)) {
                chunkSignature = extension.substring(SIGNATURE.length()).trim();
            }
        }
        if (signed && chunkSignature == null) {
            throw malformed("A chunk of a signed aws-chunked body has no chunk-signature.");
        }
        long length;
        try {
            length = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw malformed("Invalid aws-chunked chunk size: '" + abbreviate(size) + "'.");
        }
        if (length < 0) {
            throw malformed("Invalid aws-chunked chunk size: '" + abbreviate(size) + "'.");
        }
        remaining = length;
        if (length == 0) {
            checkChunkSignature();
            readTrailers();
            finished = true;
            if (decodedLength >= 0 && total != decodedLength) {
                throw incomplete("The decoded body has " + total + " bytes, but x-amz-decoded-content-length says "
                        + decodedLength + ".");
            }
        }
    }

    private void endChunk() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr != '\r' || lf != '\n') {
            if (cr < 0 || lf < 0) {
                throw incomplete("The body ended inside a chunk.");
            }
            throw malformed("A chunk's data is not followed by CRLF: the chunk size is wrong.");
        }
        checkChunkSignature();
    }

    private void checkChunkSignature() {
        if (chunkDigest == null) {
            return;
        }
        if (!signatures.chunkMatches(chunkDigest.digest(), chunkSignature)) {
            throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
        }
    }

    private void readTrailers() throws IOException {
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("Malformed trailer line in an aws-chunked body.");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals(TRAILER_SIGNATURE)) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (signed && !trailers.isEmpty() && signatures != ChunkSignatures.UNCHECKED
                && (trailerSignature == null || !signatures.trailerMatches(canonical.toString(), trailerSignature))) {
            throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
        }
    }

    /** One CRLF-terminated line without its terminator, or null at the end of the stream. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw malformed("An aws-chunked header line is too long.");
            }
            line.write(c);
        }
        if (line.size() > 0) {
            throw incomplete("The body ended inside an aws-chunked header line.");
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static AwsException incomplete(String message) {
        return new AwsException(S3Error.INCOMPLETE_BODY, message);
    }

    private static AwsException malformed(String message) {
        return new AwsException(S3Error.INVALID_REQUEST, message);
    }

    private static String abbreviate(String text) {
        return text.length() > 32 ? text.substring(0, 32) + "..." : text;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
