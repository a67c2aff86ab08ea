package dev.sagebox.auth;

import static dev.sagebox.auth.AuthVerifyIT.USER;
import static dev.sagebox.auth.AuthVerifyIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.SageboxConfig;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** S3 on a server with {@code sagebox.auth=verify}: header signatures, signed aws-chunked uploads, presigned URLs. */
class AuthS3VerifyIT {
    private static final String BUCKET = "verified";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of(SageboxConfig.AUTH, "verify"), AuthVerifyIT::writeCredentials);
        try (S3Client s3 = rightClient()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static S3Client rightClient() {
        return server.s3(TestServer.credentials(USER.accessKeyId(), USER.secretAccessKey()));
    }

    @Test
    void putObject_javaSdkOverHttp_sendsSignedChunksWithTrailer_andIsStored() {
        try (S3Client s3 = rightClient()) {
            String data = "chunk me ".repeat(20_000);
            s3.putObject(b -> b.bucket(BUCKET).key("signed/chunks.txt"), RequestBody.fromString(data));

            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("signed/chunks.txt")).asUtf8String())
                    .isEqualTo(data);
        }
    }

    @Test
    void putObject_keyClimbingAboveRoot_isSignedOverThePathAsSent() {
        // Jetty cannot route "/bucket/../../x" as is; the front door escapes it, and the signature must still be
        // checked against the path the client signed.
        try (S3Client s3 = rightClient()) {
            s3.putObject(b -> b.bucket(BUCKET).key("../../climb.txt"), RequestBody.fromString("up"));

            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("../../climb.txt")).asUtf8String())
                    .isEqualTo("up");
        }
    }

    @Test
    void listBuckets_wrongSecret_isSignatureDoesNotMatch403() {
        try (S3Client s3 = server.s3(TestServer.credentials(USER.accessKeyId(), "wrong"))) {
            assertError(s3::listBuckets, 403, "SignatureDoesNotMatch");
        }
    }

    @Test
    void listBuckets_unknownKey_isInvalidAccessKeyId403() {
        try (S3Client s3 = server.s3(TestServer.credentials("AKIAUNKNOWN", USER.secretAccessKey()))) {
            assertError(s3::listBuckets, 403, "InvalidAccessKeyId");
        }
    }

    @Test
    void putObject_tamperedSignedChunk_isSignatureDoesNotMatch_andNothingIsStored() throws Exception {
        var signed = SdkSigning.signWithPayload(SdkSigning.request(server.endpoint(), SdkHttpMethod.PUT,
                        "/" + BUCKET + "/tampered.txt", Map.of()).build(), "a".repeat(200_000), USER, "s3",
                Instant.now(), r -> r.putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32));
        String body = SdkSigning.payload(signed);

        HttpResponse<String> tampered = SdkSigning.send(signed.request(), body.replaceFirst("aaaa", "aaab"));

        assertThat(tampered.statusCode()).as(tampered.body()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        try (S3Client s3 = rightClient()) {
            assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("tampered.txt")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        }
        HttpResponse<String> intact = SdkSigning.send(signed.request(), body);
        assertThat(intact.statusCode()).as(intact.body()).isEqualTo(200);
    }

    @Test
    void getObject_signedTwentyMinutesAgo_isRequestTimeTooSkewed403() throws Exception {
        SdkHttpRequest signed = SdkSigning.sign(SdkSigning.request(server.endpoint(), SdkHttpMethod.GET,
                "/" + BUCKET, Map.of("list-type", List.of("2"))).build(), null, USER, "s3",
                Instant.now().minus(Duration.ofMinutes(20)), r -> { });

        HttpResponse<String> response = SdkSigning.send(signed, null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>RequestTimeTooSkewed</Code>");
    }

    @Test
    void presignedGet_works_expiredOne_isAccessDenied() throws Exception {
        try (S3Client s3 = rightClient()) {
            s3.putObject(b -> b.bucket(BUCKET).key("shared.txt"), RequestBody.fromString("for your eyes"));
        }
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(TestServer.credentials(USER.accessKeyId(), USER.secretAccessKey()))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            var url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(BUCKET).key("shared.txt"))).url();

            HttpResponse<String> response = get(url.toString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("for your eyes");
        }
        SdkHttpRequest expired = SdkSigning.sign(SdkSigning.request(server.endpoint(), SdkHttpMethod.GET,
                        "/" + BUCKET + "/shared.txt", Map.of()).build(), null, USER, "s3",
                Instant.now().minus(Duration.ofMinutes(10)),
                r -> r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));

        HttpResponse<String> response = SdkSigning.send(expired, null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>");
    }

    @Test
    void boto3_rightSecret_putsAndGets_wrongSecretIsSignatureDoesNotMatch() {
        Map<String, String> right = Map.of("AWS_ACCESS_KEY_ID", USER.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", USER.secretAccessKey());
        Map<String, String> wrong = Map.of("AWS_ACCESS_KEY_ID", USER.accessKeyId(), "AWS_SECRET_ACCESS_KEY", "no");

        assertThat(probe(right)).isEqualTo("ok hello from boto3");
        assertThat(probe(wrong)).isEqualTo("SignatureDoesNotMatch 403");
    }

    @Test
    void awsCliV2_rightSecret_copiesUpAndDown() throws Exception {
        Map<String, String> right = Map.of("AWS_ACCESS_KEY_ID", USER.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", USER.secretAccessKey());
        Path file = Files.createTempFile("cli-upload", ".txt");
        try {
            Files.writeString(file, "from the cli\n".repeat(1000));

            ClientScripts.awsCliV2(server.endpoint(), right, "s3", "cp", file.toString(),
                    "s3://" + BUCKET + "/cli.txt").assertSuccess();
            String downloaded = ClientScripts.awsCliV2(server.endpoint(), right, "s3", "cp",
                    "s3://" + BUCKET + "/cli.txt", "-").assertSuccess().stdout();

            assertThat(downloaded).isEqualTo(Files.readString(file));
        } finally {
            Files.delete(file);
        }
    }

    private static String probe(Map<String, String> env) {
        return ClientScripts.pythonWithEnv(server.endpoint(), env, "auth_probe.py", "s3", BUCKET).assertSuccess()
                .stdout().trim();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
