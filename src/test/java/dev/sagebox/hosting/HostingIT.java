package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.DOUBLER;
import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static dev.sagebox.hosting.HostingFixture.deploy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** Endpoints served on the process runtime, driven by the Java SDK's SageMaker and SageMaker Runtime clients. */
class HostingIT {
    private static TestServer server;
    private static HostingFixture fixture;
    private static SageMakerClient sm;
    private static SageMakerRuntimeClient runtime;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        fixture = HostingFixture.install(server);
        sm = server.sageMaker();
        runtime = server.sageMakerRuntime();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static InvokeEndpointResponse invoke(String endpoint, String json) {
        return runtime.invokeEndpoint(b -> b.endpointName(endpoint).contentType("application/json")
                .accept("application/json").body(SdkBytes.fromString(json, StandardCharsets.UTF_8)));
    }

    @Test
    void invokeEndpoint_modelFromS3Tarball_returnsPrediction() {
        String url = fixture.uploadModel(server, "models", "doubler/model.tar.gz");
        deploy(sm, "doubler-s3", DOUBLER, url);
        assertInService(awaitSettled(sm, "doubler-s3"));

        InvokeEndpointResponse response = invoke("doubler-s3", "[1, 2, 3]");

        assertThat(response.body().asUtf8String()).isEqualTo("{\"predictions\": [2, 4, 6]}");
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
    }

    @Test
    void waiters_inServiceThenDeleted() {
        deploy(sm, "waited", DOUBLER, "file://" + fixture.modelDir());
        sm.waiter().waitUntilEndpointInService(HostingFixture.describeRequest("waited"), HostingFixture.fastPolling())
                .matched().response().orElseThrow();
        DescribeEndpointResponse d = sm.describeEndpoint(b -> b.endpointName("waited"));
        assertThat(d.productionVariants().getFirst().currentInstanceCount()).isEqualTo(1);
        assertThat(d.productionVariants().getFirst().deployedImages().getFirst().resolvedImage())
                .matches(".*/doubler@sha256:[0-9a-f]{64}");

        sm.deleteEndpoint(b -> b.endpointName("waited"));
        assertThat(sm.describeEndpoint(b -> b.endpointName("waited")).endpointStatus())
                .isIn(EndpointStatus.DELETING);
        sm.waiter().waitUntilEndpointDeleted(HostingFixture.describeRequest("waited"), HostingFixture.fastPolling())
                .matched().exception().orElseThrow();

        assertThatThrownBy(() -> sm.describeEndpoint(b -> b.endpointName("waited")))
                .isInstanceOf(SageMakerException.class)
                .hasMessageContaining("Could not find endpoint \"arn:aws:sagemaker:us-east-1:000000000000:"
                        + "endpoint/waited\".");
        assertThatThrownBy(() -> invoke("waited", "[1]")).isInstanceOf(ValidationErrorException.class);
    }

    @Test
    void threeEndpoints_serveAtOnce() {
        List<String> names = List.of("multi-a", "multi-b", "multi-c");
        names.forEach(n -> deploy(sm, n, DOUBLER, "file://" + fixture.modelDir()));
        names.forEach(n -> assertInService(awaitSettled(sm, n)));

        List<CompletableFuture<String>> calls = names.stream()
                .map(n -> CompletableFuture.supplyAsync(() -> invoke(n, "[5]").body().asUtf8String())).toList();

        assertThat(calls).allSatisfy(c -> assertThat(c.join()).isEqualTo("{\"predictions\": [10]}"));
    }

    @Test
    void invokeEndpoint_containerAnswers400_isModelError() {
        deploy(sm, "bad-request", HostingFixture.BAD_REQUEST, null);
        assertInService(awaitSettled(sm, "bad-request"));

        assertThatThrownBy(() -> invoke("bad-request", "{}"))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(424);
                    assertThat(e.originalStatusCode()).isEqualTo(400);
                    assertThat(e.originalMessage()).isEqualTo("bad input");
                    assertThat(e.logStreamArn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:"
                            + "/aws/sagemaker/Endpoints/bad-request");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Received client error (400) from"
                            + " primary with message \"bad input\". See log group /aws/sagemaker/Endpoints/"
                            + "bad-request in account 000000000000 for more information.");
                });
        List<LogStream> streams = server.logs().describeLogStreams(b -> b.logGroupName(
                "/aws/sagemaker/Endpoints/bad-request")).logStreams();
        assertThat(streams).singleElement().satisfies(s ->
                assertThat(s.logStreamName()).matches("AllTraffic/i-[0-9a-f]{17}"));
    }

    @Test
    void createEndpoint_containerCrashesAtStart_isFailedWithReason() {
        deploy(sm, "crasher", HostingFixture.CRASHER, null);

        DescribeEndpointResponse d = awaitSettled(sm, "crasher");

        assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.FAILED);
        assertThat(d.failureReason()).startsWith("The primary container for production variant AllTraffic did not"
                + " pass the ping health check. Please check CloudWatch logs for this endpoint.")
                .contains("exited with code 3").contains("loading the model failed: weights missing");
        assertThatThrownBy(() -> invoke("crasher", "[1]")).isInstanceOf(ValidationErrorException.class);
    }

    @Test
    void invokeEndpoint_unknownOrMisspelledName_isValidationError() {
        assertThatThrownBy(() -> invoke("no-such-endpoint", "[1]"))
                .isInstanceOfSatisfying(ValidationErrorException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage())
                        .isEqualTo("Endpoint no-such-endpoint of account 000000000000 not found."));
        deploy(sm, "CaseSensitive", DOUBLER, "file://" + fixture.modelDir());
        assertInService(awaitSettled(sm, "CaseSensitive"));

        assertThat(invoke("CaseSensitive", "[1]").body().asUtf8String()).isEqualTo("{\"predictions\": [2]}");
        assertThatThrownBy(() -> invoke("casesensitive", "[1]")).isInstanceOf(ValidationErrorException.class);
    }

    @Test
    void invokeEndpoint_bodyOver6MB_isValidationError() {
        deploy(sm, "big-body", DOUBLER, "file://" + fixture.modelDir());
        assertInService(awaitSettled(sm, "big-body"));
        byte[] body = new byte[6_291_457];

        assertThatThrownBy(() -> runtime.invokeEndpoint(b -> b.endpointName("big-body")
                .contentType("application/octet-stream").body(SdkBytes.fromByteArray(body))))
                .isInstanceOfSatisfying(ValidationErrorException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value at 'body'"
                        + " failed to satisfy constraint: Member must have length less than or equal to 6291456"));
    }

    @Test
    void instanceCrashWhileInService_isRestarted() {
        HostingFixture.deployEcho(sm, "phoenix", fixture.modelDir().resolveSibling("phoenix.port"));
        assertInService(awaitSettled(sm, "phoenix"));

        assertThatThrownBy(() -> invoke("phoenix", "die")).isInstanceOf(ModelErrorException.class);

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        String answer = null;
        while (answer == null && System.nanoTime() < deadline) {
            try {
                answer = invoke("phoenix", "[9]").body().asUtf8String();
            } catch (software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException e) {
                assertThat(e.statusCode()).isIn(424, 503);
            }
        }
        assertThat(answer).isEqualTo("[9]");
        assertThat(sm.describeEndpoint(b -> b.endpointName("phoenix")).endpointStatus())
                .isEqualTo(EndpointStatus.IN_SERVICE);
    }
}
