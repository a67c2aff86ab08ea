package dev.sagebox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** The published SigV4 vectors of CONTRACTS.md §12: if one of these fails, no real client can talk to us. */
class SigV4VectorsTest {
    private static final String VANILLA_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String CHUNK_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final SigV4Scope CHUNK_SCOPE = new SigV4Scope("AKIAIOSFODNN7EXAMPLE", "20130524", "us-east-1", "s3");
    private static final String CHUNK_DATE = "20130524T000000Z";

    @Test
    void getVanilla_signatureMatchesBotocoreSuite() {
        HttpFields headers = HttpFields.build()
                .add("Host", "example.amazonaws.com")
                .add("X-Amz-Date", "20150830T123600Z");
        SigV4Scope scope = new SigV4Scope("AKIDEXAMPLE", "20150830", "us-east-1", "service");
        String canonical = CanonicalRequest.build("GET", "/", null, headers, List.of("host", "x-amz-date"),
                SigningKey.EMPTY_SHA256, true, false);

        assertThat(canonical).isEqualTo("""
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        String signature = SigningKey.derive(VANILLA_SECRET, scope)
                .sign(SigningKey.stringToSign("20150830T123600Z", scope, canonical));
        assertThat(signature).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void chunkedUpload_seedSignatureMatchesS3Example() {
        HttpFields headers = HttpFields.build()
                .add("Host", "s3.amazonaws.com")
                .add("x-amz-date", CHUNK_DATE)
                .add("x-amz-storage-class", "REDUCED_REDUNDANCY")
                .add("Content-Encoding", "aws-chunked")
                .add("x-amz-decoded-content-length", "66560")
                .add("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                .add("Content-Length", "66824");
        List<String> signed = List.of("content-encoding", "content-length", "host", "x-amz-content-sha256",
                "x-amz-date", "x-amz-decoded-content-length", "x-amz-storage-class");
        String canonical = CanonicalRequest.build("PUT", "/examplebucket/chunkObject.txt", null, headers, signed,
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", false, false);

        String seed = SigningKey.derive(CHUNK_SECRET, CHUNK_SCOPE)
                .sign(SigningKey.stringToSign(CHUNK_DATE, CHUNK_SCOPE, canonical));
        assertThat(seed).isEqualTo("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
    }

    @Test
    void chunkedUpload_chainFromSeed_acceptsEachPublishedChunkSignature() {
        ChunkSignatures chunks = chain("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");

        assertThat(chunks.chunkMatches(sha256(65_536),
                "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648")).isTrue();
        assertThat(chunks.chunkMatches(sha256(1_024),
                "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497")).isTrue();
        assertThat(chunks.chunkMatches(sha256(0),
                "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9")).isTrue();
    }

    @Test
    void chunkedUpload_tamperedChunk_isRejectedAndChainDoesNotAdvance() {
        ChunkSignatures chunks = chain("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        byte[] tampered = new byte[65_536];
        Arrays.fill(tampered, (byte) 'a');
        tampered[100] = 'b';

        assertThat(chunks.chunkMatches(SigningKey.sha256(tampered),
                "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648")).isFalse();
        // Out of order: the second chunk's signature does not follow the seed.
        assertThat(chunks.chunkMatches(sha256(1_024),
                "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497")).isFalse();
        assertThat(chunks.chunkMatches(sha256(65_536),
                "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648")).isTrue();
    }

    @Test
    void trailerUpload_chainReachesPublishedFinalChunkAndTrailerSignatures() {
        ChunkSignatures chunks = chain("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");

        assertThat(chunks.chunkMatches(sha256(65_536),
                "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2")).isTrue();
        assertThat(chunks.chunkMatches(sha256(1_024),
                "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7")).isTrue();
        assertThat(chunks.chunkMatches(sha256(0),
                "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992")).isTrue();
        assertThat(chunks.trailerMatches("x-amz-checksum-crc32c:sOO8/Q==\n",
                "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435")).isTrue();
    }

    @Test
    void trailerUpload_tamperedTrailer_isRejected() {
        ChunkSignatures chunks = chain("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        chunks.chunkMatches(sha256(65_536), "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2");
        chunks.chunkMatches(sha256(1_024), "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7");
        chunks.chunkMatches(sha256(0), "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992");

        assertThat(chunks.trailerMatches("x-amz-checksum-crc32c:AAAAAA==\n",
                "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435")).isFalse();
    }

    private static ChunkSignatures chain(String seed) {
        return new ChainedChunkSignatures(SigningKey.derive(CHUNK_SECRET, CHUNK_SCOPE), CHUNK_DATE, CHUNK_SCOPE,
                seed);
    }

    /** The SHA-256 of {@code count} bytes of {@code a}, the data of the published examples. */
    private static byte[] sha256(int count) {
        return SigningKey.sha256("a".repeat(count).getBytes(StandardCharsets.US_ASCII));
    }
}
