package dev.sagebox.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.SageboxConfig;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sts.StsClient;

/** A server with {@code sagebox.auth=verify}, driven by real clients with right, wrong and unknown keys. */
class AuthVerifyIT {
    static final KeyPair USER = new KeyPair("AKIASAGEBOXUSER", "user/secret+key");
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of(SageboxConfig.AUTH, "verify"), AuthVerifyIT::writeCredentials);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    static void writeCredentials(Path home) throws IOException {
        Path file = home.resolve("credentials");
        Files.writeString(file, "[default]\naws_access_key_id = " + USER.accessKeyId()
                + "\naws_secret_access_key = " + USER.secretAccessKey() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void sts_rightSecret_returnsCallerKey() {
        try (StsClient sts = server.sts(TestServer.credentials(USER.accessKeyId(), USER.secretAccessKey()))) {
            assertThat(sts.getCallerIdentity().userId()).isEqualTo(USER.accessKeyId());
        }
    }

    @Test
    void sts_wrongSecret_isSignatureDoesNotMatch403() {
        try (StsClient sts = server.sts(TestServer.credentials(USER.accessKeyId(), "wrong"))) {
            assertError(sts::getCallerIdentity, 403, "SignatureDoesNotMatch");
        }
    }

    @Test
    void sts_unknownKey_isInvalidClientTokenId403() {
        try (StsClient sts = server.sts(TestServer.credentials("AKIAUNKNOWN", USER.secretAccessKey()))) {
            assertError(sts::getCallerIdentity, 403, "InvalidClientTokenId");
        }
    }

    @Test
    void sageMaker_rightSecret_reachesTheOperation() {
        try (SageMakerClient sageMaker = server.sageMaker(
                TestServer.credentials(USER.accessKeyId(), USER.secretAccessKey()))) {
            assertThat(sageMaker.listTrainingJobs().trainingJobSummaries()).isEmpty();
        }
    }

    @Test
    void sageMaker_wrongSecret_isInvalidSignatureException403() {
        try (SageMakerClient sageMaker = server.sageMaker(TestServer.credentials(USER.accessKeyId(), "wrong"))) {
            assertError(sageMaker::listTrainingJobs, 403, "InvalidSignatureException");
        }
    }

    @Test
    void sageMaker_unknownKey_isUnrecognizedClientException403() {
        try (SageMakerClient sageMaker = server.sageMaker(TestServer.credentials("AKIAUNKNOWN", "x"))) {
            assertError(sageMaker::listTrainingJobs, 403, "UnrecognizedClientException");
        }
    }

    @Test
    void runtime_rightSecret_reachesTheEndpointLookup_wrongSecretIsInvalidSignatureException403() {
        try (SageMakerRuntimeClient right = runtime(USER.secretAccessKey());
             SageMakerRuntimeClient wrong = runtime("wrong")) {
            assertError(() -> right.invokeEndpoint(invocation()), 400, "ValidationError");
            assertError(() -> wrong.invokeEndpoint(invocation()), 403, "InvalidSignatureException");
        }
    }

    private static SageMakerRuntimeClient runtime(String secret) {
        return SageMakerRuntimeClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestServer.credentials(USER.accessKeyId(), secret)).build();
    }

    private static InvokeEndpointRequest invocation() {
        return InvokeEndpointRequest.builder().endpointName("missing").contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"instances\": [1, 2]}")).build();
    }

    @Test
    void logs_rightSecret_lists_wrongSecretIsInvalidSignatureException403() {
        try (CloudWatchLogsClient right = logs(USER.secretAccessKey()); CloudWatchLogsClient wrong = logs("wrong")) {
            assertThat(right.describeLogGroups().logGroups()).isNotNull();
            assertError(wrong::describeLogGroups, 403, "InvalidSignatureException");
        }
    }

    private static CloudWatchLogsClient logs(String secret) {
        return CloudWatchLogsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestServer.credentials(USER.accessKeyId(), secret)).build();
    }

    @Test
    void sageMaker_unsigned_isMissingAuthenticationToken403() throws Exception {
        HttpResponse<String> response = post(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "SageMaker.ListTrainingJobs")
                .header("Content-Type", "application/x-amz-json-1.1"), "{}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("MissingAuthenticationTokenException");
    }

    @Test
    void sageMaker_signedTwentyMinutesAgo_isInvalidSignatureException403() throws Exception {
        String body = "{}";
        SdkHttpRequest signed = SdkSigning.sign(SdkSigning.request(server.endpoint(), SdkHttpMethod.POST, "/",
                        Map.of()).putHeader("X-Amz-Target", "SageMaker.ListTrainingJobs")
                        .putHeader("Content-Type", "application/x-amz-json-1.1").build(), body, USER, "sagemaker",
                Instant.now().minus(Duration.ofMinutes(20)), r -> { });

        HttpResponse<String> response = SdkSigning.send(signed, body);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("InvalidSignatureException").contains("Signature expired");
    }

    @Test
    void sageMaker_signedNow_byTheSdkSigner_passes() throws Exception {
        String body = "{}";
        SdkHttpRequest signed = SdkSigning.sign(SdkSigning.request(server.endpoint(), SdkHttpMethod.POST, "/",
                        Map.of()).putHeader("X-Amz-Target", "SageMaker.ListTrainingJobs")
                        .putHeader("Content-Type", "application/x-amz-json-1.1").build(), body, USER, "sagemaker",
                Instant.now(), r -> { });

        HttpResponse<String> response = SdkSigning.send(signed, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("TrainingJobSummaries");
    }

    @Test
    void health_unsigned_staysOpen() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    server.endpoint().resolve("/_sagebox/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void temporaryKeyPair_signsUntilRevoked() {
        KeyPair temporary = server.sagebox().keyPairs().issue();
        try (StsClient sts = server.sts(TestServer.credentials(temporary.accessKeyId(),
                temporary.secretAccessKey()))) {
            assertThat(sts.getCallerIdentity().userId()).isEqualTo(temporary.accessKeyId());

            server.sagebox().keyPairs().revoke(temporary.accessKeyId());

            assertError(sts::getCallerIdentity, 403, "InvalidClientTokenId");
        }
    }

    @Test
    void boto3_rightSecret_stsAndSageMakerPass_wrongSecretIsRefused() {
        Map<String, String> right = Map.of("AWS_ACCESS_KEY_ID", USER.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", USER.secretAccessKey());
        Map<String, String> wrong = Map.of("AWS_ACCESS_KEY_ID", USER.accessKeyId(), "AWS_SECRET_ACCESS_KEY", "no");

        assertThat(probe(right, "sts")).isEqualTo("ok " + USER.accessKeyId());
        assertThat(probe(right, "sagemaker")).isEqualTo("ok");
        assertThat(probe(wrong, "sts")).isEqualTo("SignatureDoesNotMatch 403");
        assertThat(probe(wrong, "sagemaker")).isEqualTo("InvalidSignatureException 403");
        assertThat(probe(right, "runtime")).isEqualTo("ValidationError 400");
        assertThat(probe(wrong, "runtime")).isEqualTo("InvalidSignatureException 403");
    }

    @Test
    void awsCliV2_rightSecret_getsIdentity_wrongSecretIsRefused() {
        Map<String, String> right = Map.of("AWS_ACCESS_KEY_ID", USER.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", USER.secretAccessKey());
        Map<String, String> wrong = Map.of("AWS_ACCESS_KEY_ID", USER.accessKeyId(), "AWS_SECRET_ACCESS_KEY", "no");

        assertThat(ClientScripts.awsCliV2(server.endpoint(), right, "sts", "get-caller-identity", "--query", "UserId",
                "--output", "text").assertSuccess().stdout().trim()).isEqualTo(USER.accessKeyId());
        ClientScripts.Result refused = ClientScripts.awsCliV2(server.endpoint(), wrong, "sts",
                "get-caller-identity");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("SignatureDoesNotMatch");
    }

    private static String probe(Map<String, String> env, String service) {
        return ClientScripts.pythonWithEnv(server.endpoint(), env, "auth_probe.py", service).assertSuccess()
                .stdout().trim();
    }

    private static HttpResponse<String> post(HttpRequest.Builder request, String body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    static void assertError(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
        });
    }
}
