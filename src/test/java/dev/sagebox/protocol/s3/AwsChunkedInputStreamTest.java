package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.auth.ChunkSignatures;
import dev.sagebox.aws.AwsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AwsChunkedInputStreamTest {
    /** The signed-chunk example of CONTRACTS.md §12: 65,536 + 1,024 bytes of 'a'. */
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String DATE = "20130524T000000Z";
    private static final String SCOPE = "20130524/us-east-1/s3/aws4_request";

    private static AwsChunkedInputStream stream(String wire, boolean signed, ChunkSignatures signatures,
                                                long decodedLength) {
        return stream(wire.getBytes(StandardCharsets.ISO_8859_1), signed, signatures, decodedLength);
    }

    private static AwsChunkedInputStream stream(byte[] wire, boolean signed, ChunkSignatures signatures,
                                                long decodedLength) {
        return new AwsChunkedInputStream(new ByteArrayInputStream(wire), signed, signatures, decodedLength);
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void unsignedWithTrailer_decodesDataAndExposesTrailer() throws IOException {
        AwsChunkedInputStream in = stream("b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n", false,
                ChunkSignatures.UNCHECKED, 11);
        assertThat(readAll(in)).isEqualTo("hello world");
        assertThat(in.trailers()).containsEntry("x-amz-checksum-crc32", "DUoRhQ==");
    }

    @Test
    void signedChunks_withUncheckedSignatures_decodeAcrossManyChunks() throws IOException {
        String wire = "5;chunk-signature=aa\r\nhello\r\n6;chunk-signature=bb\r\n world\r\n0;chunk-signature=cc\r\n\r\n";
        assertThat(readAll(stream(wire, true, ChunkSignatures.UNCHECKED, 11))).isEqualTo("hello world");
    }

    @Test
    void signedChunks_contractVector_verifiesWholeChain() throws Exception {
        byte[] wire = signedWire(false);
        SigV4ChunkChain chain = new SigV4ChunkChain("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        byte[] decoded = stream(wire, true, chain, 66560).readAllBytes();
        assertThat(decoded).hasSize(66560).containsOnly((byte) 'a');
        assertThat(chain.chunks).isEqualTo(3);
    }

    @Test
    void signedChunks_tamperedData_isSignatureDoesNotMatch() throws Exception {
        byte[] wire = signedWire(false);
        wire[wire.length / 2] = 'b';
        SigV4ChunkChain chain = new SigV4ChunkChain("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        assertThatThrownBy(() -> stream(wire, true, chain, -1).readAllBytes())
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void signedWithTrailer_contractVector_verifiesTrailerSignature() throws Exception {
        byte[] wire = signedWire(true);
        SigV4ChunkChain chain = new SigV4ChunkChain("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        AwsChunkedInputStream in = stream(wire, true, chain, 66560);
        assertThat(in.readAllBytes()).hasSize(66560);
        assertThat(in.trailers()).containsEntry("x-amz-checksum-crc32c", "sOO8/Q==");
        assertThat(chain.trailerChecked).isTrue();
    }

    @Test
    void decodedLengthMismatch_isIncompleteBody() {
        assertThatThrownBy(() -> readAll(stream("b\r\nhello world\r\n0\r\n\r\n", false, ChunkSignatures.UNCHECKED,
                12))).isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
    }

    @Test
    void truncatedChunk_isIncompleteBody() {
        assertThatThrownBy(() -> readAll(stream("b\r\nhello", false, ChunkSignatures.UNCHECKED, -1)))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
        assertThatThrownBy(() -> readAll(stream("b\r\nhello world\r\n", false, ChunkSignatures.UNCHECKED, -1)))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
    }

    @Test
    void badFraming_isInvalidRequest() {
        assertThatThrownBy(() -> readAll(stream("zz\r\nhello\r\n0\r\n\r\n", false, ChunkSignatures.UNCHECKED, -1)))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"));
        // a declared size shorter than the data leaves no CRLF where one must be
        assertThatThrownBy(() -> readAll(stream("3\r\nhello\r\n0\r\n\r\n", false, ChunkSignatures.UNCHECKED, -1)))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"));
        assertThatThrownBy(() -> readAll(stream("5\r\nhello\r\n0\r\n\r\n", true, ChunkSignatures.UNCHECKED, -1)))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"));
    }

    /** Builds the contract's signed example: chunks of 65,536 and 1,024 bytes, then the final chunk. */
    private static byte[] signedWire(boolean withTrailer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] signatures = withTrailer ? null : new String[] {
            "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"};
        SigV4ChunkChain signer = withTrailer
                ? new SigV4ChunkChain("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e") : null;
        int[] sizes = {65536, 1024, 0};
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = "a".repeat(sizes[i]).getBytes(StandardCharsets.US_ASCII);
            String signature = signer != null ? signer.sign(data) : signatures[i];
            out.writeBytes((Integer.toHexString(sizes[i]) + ";chunk-signature=" + signature + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(data);
            if (sizes[i] > 0) {
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (withTrailer) {
            assertThat(signer.previous).isEqualTo("2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992");
            String trailerSignature = signer.signTrailer("x-amz-checksum-crc32c:sOO8/Q==\n");
            assertThat(trailerSignature)
                    .isEqualTo("d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435");
            out.writeBytes(("x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:" + trailerSignature
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** The SigV4 chunk-signature chain of CONTRACTS.md §12, computed independently of the auth package. */
    private static final class SigV4ChunkChain implements ChunkSignatures {
        private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        private final byte[] signingKey;
        private String previous;
        private int chunks;
        private boolean trailerChecked;

        SigV4ChunkChain(String seed) throws Exception {
            byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), "20130524");
            key = hmac(key, "us-east-1");
            key = hmac(key, "s3");
            this.signingKey = hmac(key, "aws4_request");
            this.previous = seed;
        }

        String sign(byte[] data) {
            try {
                return next(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private String next(String chunkHash) {
            String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + DATE + "\n" + SCOPE + "\n" + previous + "\n"
                    + EMPTY_SHA256 + "\n" + chunkHash;
            previous = HexFormat.of().formatHex(hmac(signingKey, toSign));
            return previous;
        }

        String signTrailer(String canonicalTrailers) {
            try {
                String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(canonicalTrailers.getBytes(StandardCharsets.UTF_8)));
                String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + DATE + "\n" + SCOPE + "\n" + previous + "\n" + hash;
                return HexFormat.of().formatHex(hmac(signingKey, toSign));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean chunkMatches(byte[] chunkSha256, String signature) {
            chunks++;
            return next(HexFormat.of().formatHex(chunkSha256)).equals(signature);
        }

        @Override
        public boolean trailerMatches(String canonicalTrailers, String signature) {
            trailerChecked = true;
            return signTrailer(canonicalTrailers).equals(signature);
        }

        private static byte[] hmac(byte[] key, String data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
