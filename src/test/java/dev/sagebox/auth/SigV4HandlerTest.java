package dev.sagebox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** The verifying wrapper at the byte level: raw HTTP in, the attached verdict and the replayed body out. */
class SigV4HandlerTest {
    private static final KeyPair VANILLA = new KeyPair("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final KeyPair USER = new KeyPair("AKIAUSER", "user-secret");
    private static final Instant VANILLA_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String GET_VANILLA = """
            GET / HTTP/1.1\r
            Host: example.amazonaws.com\r
            X-Amz-Date: 20150830T123600Z\r
            Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
            SignedHeaders=host;x-amz-date, Signature=%s\r
            Connection: close\r
            \r
            """;
    private static final String VANILLA_SIGNATURE = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void getVanilla_rightSignature_passes() throws Exception {
        assertThat(send(VANILLA_TIME, GET_VANILLA.formatted(VANILLA_SIGNATURE))).isEqualTo("ok AKIDEXAMPLE service |");
    }

    @Test
    void getVanilla_oneDigitChanged_isSignatureMismatch() throws Exception {
        String forged = VANILLA_SIGNATURE.substring(0, 63) + "0";

        assertThat(send(VANILLA_TIME, GET_VANILLA.formatted(forged))).startsWith("SIGNATURE_MISMATCH");
    }

    @Test
    void getVanilla_withinSkew_passes_beyondSkew_isClockSkew() throws Exception {
        String request = GET_VANILLA.formatted(VANILLA_SIGNATURE);

        assertThat(send(VANILLA_TIME.plus(Duration.ofMinutes(14)), request)).startsWith("ok");
        assertThat(send(VANILLA_TIME.minus(Duration.ofMinutes(14)), request)).startsWith("ok");
        assertThat(send(VANILLA_TIME.plus(Duration.ofMinutes(16)), request)).startsWith("CLOCK_SKEW");
        assertThat(send(VANILLA_TIME.minus(Duration.ofMinutes(16)), request)).startsWith("CLOCK_SKEW");
    }

    @Test
    void unknownAccessKey_isUnknownAccessKey() throws Exception {
        String request = GET_VANILLA.formatted(VANILLA_SIGNATURE).replace("AKIDEXAMPLE", "AKIDOTHER");

        assertThat(send(VANILLA_TIME, request)).startsWith("UNKNOWN_ACCESS_KEY");
    }

    @Test
    void unsigned_isMissing_malformedHeader_isMalformed() throws Exception {
        assertThat(send(NOW, "GET /_sagebox/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("MISSING");
        String noSignature = GET_VANILLA.formatted(VANILLA_SIGNATURE).replace(", Signature=" + VANILLA_SIGNATURE, "");
        assertThat(send(VANILLA_TIME, noSignature)).startsWith("MALFORMED");
        String sigV2 = "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: AWS AKIDEXAMPLE:abc=\r\nConnection: close\r\n\r\n";
        assertThat(send(NOW, sigV2)).startsWith("MALFORMED");
    }

    @Test
    void sdkSignedJsonPost_encodedPathAndOddQuery_passesAndBodyIsReplayed() throws Exception {
        String body = "{\"MaxResults\": 10, \"x\": \"  spaced  \"}";
        SdkHttpRequest signed = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.POST,
                        "/endpoints/my%20ep/invocations", Map.of("b", List.of("2", "1"), "a", List.of("x y"),
                                "empty", List.of(""))).putHeader("Content-Type", "application/json")
                        .putHeader("X-Custom", "a   b").build(),
                body, USER, "sagemaker", NOW, r -> { });

        assertThat(send(NOW, SdkSigning.raw(signed, body))).isEqualTo("ok AKIAUSER sagemaker |" + body);
    }

    @Test
    void sdkSignedJsonPost_tamperedBody_isSignatureMismatch() throws Exception {
        String body = "{\"MaxResults\":10}";
        SdkHttpRequest signed = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.POST, "/", Map.of()).build(),
                body, USER, "sagemaker", NOW, r -> { });

        assertThat(send(NOW, SdkSigning.raw(signed, body).replace(body, "{\"MaxResults\":99}")))
                .startsWith("SIGNATURE_MISMATCH");
    }

    @Test
    void bodyHashedWithoutContentSha256Header_passesAndIsReplayed() throws Exception {
        String body = "Action=GetCallerIdentity&Version=2011-06-15";
        SigV4Scope scope = new SigV4Scope(USER.accessKeyId(), "20260101", "us-east-1", "sts");
        String date = "20260101T120000Z";
        org.eclipse.jetty.http.HttpFields headers = org.eclipse.jetty.http.HttpFields.build()
                .add("Host", "127.0.0.1:4577").add("X-Amz-Date", date);
        String canonical = CanonicalRequest.build("POST", "/", null, headers, List.of("host", "x-amz-date"),
                SigningKey.sha256Hex(body), true, false);
        String signature = SigningKey.derive(USER.secretAccessKey(), scope)
                .sign(SigningKey.stringToSign(date, scope, canonical));
        String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1:4577\r\nX-Amz-Date: " + date + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIAUSER/20260101/us-east-1/sts/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + signature + "\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;

        assertThat(send(NOW, request)).isEqualTo("ok AKIAUSER sts |" + body);
        assertThat(send(NOW, request.replace("Version=2011-06-15", "Version=2011-06-16"))).startsWith(
                "SIGNATURE_MISMATCH");
    }

    @Test
    void bodyOverTheHashingBound_isRefusedWithoutReadingIt() throws Exception {
        String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1:4577\r\nX-Amz-Date: 20260101T120000Z\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIAUSER/20260101/us-east-1/sts/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64) + "\r\n"
                + "Content-Length: " + (SigV4Verifier.MAX_HASHED_BODY + 1) + "\r\nConnection: close\r\n\r\n";

        assertThat(send(NOW, request)).startsWith("SIGNATURE_MISMATCH A request body over");
    }

    @Test
    void sdkSignedS3PutUnsignedPayload_passesWithoutReadingBody() throws Exception {
        String body = "hello world";
        SdkHttpRequest signed = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.PUT, "/bkt/a%20b/c~d.txt",
                        Map.of()).build(), body, USER, "s3", NOW,
                r -> r.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));

        assertThat(send(NOW, SdkSigning.raw(signed, body))).isEqualTo("ok AKIAUSER s3 |" + body);
    }

    @Test
    void presignedS3Get_passesUntilExpiry_thenIsExpired() throws Exception {
        SdkHttpRequest signed = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.GET, "/bkt/key.txt",
                        Map.of("versionId", List.of("null"))).build(), null, USER, "s3", NOW,
                r -> r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5)));
        String request = SdkSigning.raw(signed, null);

        assertThat(request).contains("X-Amz-Signature=").doesNotContain("Authorization");
        assertThat(send(NOW.plus(Duration.ofMinutes(5)), request)).startsWith("ok AKIAUSER s3");
        assertThat(send(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), request)).startsWith("EXPIRED");
        assertThat(send(NOW, request.replace("key.txt", "other.txt"))).startsWith("SIGNATURE_MISMATCH");
    }

    @Test
    void sdkChunkSignedUpload_everyChunkAndTheTrailerCheckOutAgainstTheChain() throws Exception {
        String data = "a".repeat(200_000); // two 128 KiB chunks and the final one

        assertThat(sendChunked(data, null, false))
                .isEqualTo("ok AKIAUSER s3 |STREAMING-AWS4-HMAC-SHA256-PAYLOAD chunks=true,true,true");
        assertThat(sendChunked(data, DefaultChecksumAlgorithm.CRC32, false)).isEqualTo(
                "ok AKIAUSER s3 |STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER chunks=true,true,true trailer=true");
    }

    @Test
    void sdkChunkSignedUpload_tamperedChunk_failsThatChunk() throws Exception {
        String data = "a".repeat(200_000); // two 128 KiB chunks and the final one

        assertThat(sendChunked(data, DefaultChecksumAlgorithm.CRC32, true)).isEqualTo(
                "ok AKIAUSER s3 |STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER chunks=false,false,false trailer=false");
    }

    @Test
    void unsignedTrailerPayload_hasNoSignatureChain() throws Exception {
        // Over https, as boto3 and the Java SDK sign it there; over http the SDK always signs the payload.
        var signed = SdkSigning.signWithPayload(SdkSigning.request(SdkHttpMethod.PUT, "/bkt/k", Map.of())
                        .protocol("https").build(), "hello world", USER, "s3", NOW,
                r -> r.putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32));

        assertThat(send(NOW, SdkSigning.raw(signed.request(), SdkSigning.payload(signed))))
                .isEqualTo("ok AKIAUSER s3 |STREAMING-UNSIGNED-PAYLOAD-TRAILER unchecked");
    }

    private String sendChunked(String data, ChecksumAlgorithm checksum, boolean tamper) throws Exception {
        var signed = SdkSigning.signWithPayload(SdkSigning.request(SdkHttpMethod.PUT, "/bkt/k", Map.of()).build(),
                data, USER, "s3", NOW, r -> {
                    r.putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true);
                    if (checksum != null) {
                        r.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, checksum);
                    }
                });
        String body = SdkSigning.payload(signed);
        if (tamper) {
            body = body.replaceFirst("aaaa", "aaab");
        }
        return send(NOW, SdkSigning.raw(signed.request(), body));
    }

    /** Sends raw HTTP through a verifying wrapper whose clock reads {@code now}; returns what the echo saw. */
    private String send(Instant now, String rawRequest) throws Exception {
        if (server != null) {
            server.stop();
        }
        server = new Server();
        LocalConnector connector = new LocalConnector(server);
        server.addConnector(connector);
        SigV4Verifier verifier = new SigV4Verifier(KeyPairs.of(List.of(VANILLA, USER)), Duration.ofMinutes(15),
                Clock.fixed(now, ZoneOffset.UTC));
        server.setHandler(new SigV4Handler(new Echo(), verifier));
        server.start();
        HttpTester.Response response = HttpTester.parseResponse(connector.getResponse(rawRequest));
        assertThat(response.getStatus()).as(response.getContent()).isEqualTo(200);
        return response.getContent();
    }

    /** Answers with the verdict and the body as the codecs would read it. */
    private static final class Echo extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Authentication auth = Authentication.of(request);
            // Like the codecs, a refused request's body is never read.
            String body = auth.isFailed() ? "" : new String(Content.Source.asInputStream(request).readAllBytes(),
                    StandardCharsets.ISO_8859_1);
            String contentSha256 = request.getHeaders().get("x-amz-content-sha256");
            if (contentSha256 != null && contentSha256.startsWith("STREAMING-")) {
                body = contentSha256 + (auth.chunkSignatures() == ChunkSignatures.UNCHECKED ? " unchecked"
                        : checkChunks(body, auth.chunkSignatures()));
            }
            String verdict = auth.isFailed() ? auth.failure() + " " + auth.failureMessage()
                    : "ok " + auth.accessKeyId() + " " + auth.service() + " |" + body;
            response.setStatus(200);
            Content.Sink.write(response, true, verdict, callback);
            return true;
        }

        /** A minimal aws-chunked reader: just enough to hand each chunk and the trailer to the chain. */
        private static String checkChunks(String body, ChunkSignatures chain) {
            List<Boolean> chunks = new java.util.ArrayList<>();
            int at = 0;
            while (true) {
                int eol = body.indexOf("\r\n", at);
                String[] header = body.substring(at, eol).split(";chunk-signature=");
                int size = Integer.parseInt(header[0], 16);
                byte[] data = body.substring(eol + 2, eol + 2 + size).getBytes(StandardCharsets.ISO_8859_1);
                chunks.add(chain.chunkMatches(SigningKey.sha256(data), header[1]));
                at = eol + 2 + size + (size > 0 ? 2 : 0);
                if (size == 0) {
                    break;
                }
            }
            StringBuilder trailers = new StringBuilder();
            String result = " chunks=" + String.join(",", chunks.stream().map(String::valueOf).toList());
            for (String line : body.substring(at).split("\r\n")) {
                if (line.startsWith("x-amz-trailer-signature:")) {
                    result += " trailer=" + chain.trailerMatches(trailers.toString(), line.substring(24));
                } else if (!line.isEmpty()) {
                    trailers.append(line).append('\n');
                }
            }
            return result;
        }
    }
}
