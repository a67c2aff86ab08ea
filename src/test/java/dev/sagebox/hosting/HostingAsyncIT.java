package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.SageboxConfig;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/** InvokeEndpointAsync (CONTRACTS §7.4) with the Java SDK and boto3, and streamed answers with boto3 (§7.3). */
class HostingAsyncIT {
    private static final String BUCKET = "async-io";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // A short invocation timeout lets a stalled stream time out within the test.
        server = TestServer.start(Map.of(SageboxConfig.INVOCATION_TIMEOUT, "2"));
        AsyncFixture.install(server);
        server.s3().createBucket(b -> b.bucket(BUCKET));
        AsyncFixture.deploy(server.sageMaker(), "async-ep",
                AsyncFixture.asyncConfig("s3://" + BUCKET + "/out", "s3://" + BUCKET + "/failed", 2));
        AsyncFixture.deploy(server.sageMaker(), "realtime-ep", null);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @Test
    void describeEndpointConfig_returnsAsyncInferenceConfig() {
        var config = server.sageMaker().describeEndpointConfig(b -> b.endpointConfigName("async-ep"))
                .asyncInferenceConfig();

        assertThat(config.outputConfig().s3OutputPath()).isEqualTo("s3://" + BUCKET + "/out");
        assertThat(config.clientConfig().maxConcurrentInvocationsPerInstance()).isEqualTo(2);
    }

    @Test
    void describeEndpoint_returnsTheRunningConfigsAsyncInferenceConfig_andNoneForARealTimeEndpoint() {
        var running = server.sageMaker().describeEndpoint(b -> b.endpointName("async-ep")).asyncInferenceConfig();
        var realTime = server.sageMaker().describeEndpoint(b -> b.endpointName("realtime-ep"));

        assertThat(running.outputConfig().s3FailurePath()).isEqualTo("s3://" + BUCKET + "/failed");
        assertThat(realTime.asyncInferenceConfig()).isNull();
        assertThat(realTime.dataCaptureConfig()).isNull();
    }

    @Test
    void invokeEndpointAsync_inputLocation_writesOutputObject() {
        put("in/one.txt", "hello");

        InvokeEndpointAsyncResponse r = runtime().invokeEndpointAsync(b -> b.endpointName("async-ep")
                .inputLocation("s3://" + BUCKET + "/in/one.txt").inferenceId("one-id").contentType("text/plain"));

        assertThat(r.inferenceId()).isEqualTo("one-id");
        assertThat(r.outputLocation()).isEqualTo("s3://" + BUCKET + "/out/one-id.out");
        assertThat(r.failureLocation()).isEqualTo("s3://" + BUCKET + "/failed/one-id-error.out");
        assertThat(await("out/one-id.out")).startsWith("hello|");
    }

    @Test
    void invokeEndpointAsync_container500_writesFailureObject() {
        put("in/fail.txt", "fail");

        InvokeEndpointAsyncResponse r = runtime().invokeEndpointAsync(b -> b.endpointName("async-ep")
                .inputLocation("s3://" + BUCKET + "/in/fail.txt"));

        assertThat(r.failureLocation()).isEqualTo("s3://" + BUCKET + "/failed/" + r.inferenceId() + "-error.out");
        assertThat(await("failed/" + r.inferenceId() + "-error.out"))
                .contains("Received server error (500) from primary with message \"boom\"");
    }

    @Test
    void invokeEndpointAsync_runsAtMostConcurrencyTimesInstancesAtOnce() {
        put("in/load.txt", "load");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            ids.add(runtime().invokeEndpointAsync(b -> b.endpointName("async-ep").inferenceId("load-" + n)
                    .inputLocation("s3://" + BUCKET + "/in/load.txt")).inferenceId());
        }

        int most = 0;
        for (String id : ids) {
            String out = await("out/" + id + ".out");
            most = Math.max(most, Integer.parseInt(out.substring(out.indexOf('|') + 1)));
        }

        assertThat(most).isEqualTo(2);
    }

    @Test
    void invokeEndpointAsync_endpointWithoutAsyncConfig_isValidationError() {
        assertThatThrownBy(() -> runtime().invokeEndpointAsync(b -> b.endpointName("realtime-ep")
                .inputLocation("s3://" + BUCKET + "/in/one.txt")))
                .isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
    }

    @Test
    void invokeEndpointAsync_bothNeitherOrOversizeInput_isValidationError_inlineBodyIsServed() {
        String out = ClientScripts.python(server.endpoint(), "hosting_async_boto3.py", "inputs", "async-ep",
                BUCKET).assertSuccess().stdout();

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3)).containsExactly("both ValidationError 400", "neither ValidationError 400",
                "oversize ValidationError 400");
        assertThat(lines.get(3)).startsWith("inline 202 inline-body|");
    }

    @Test
    void boto3_invokeEndpointAsync_thenPollsS3ForOutput() {
        put("in/boto.txt", "from-boto");

        String out = ClientScripts.python(server.endpoint(), "hosting_async_boto3.py", "invoke", "async-ep",
                BUCKET).assertSuccess().stdout();

        assertThat(out.lines()).hasSize(1);
        assertThat(out.trim()).startsWith("s3://" + BUCKET + "/out/ext/result.txt from-boto|");
    }

    @Test
    void boto3_streamedModel_arrivesAsSeveralPayloadParts() {
        String out = ClientScripts.python(server.endpoint(), "hosting_stream_chunks_boto3.py", "realtime-ep",
                "stream:4").assertSuccess().stdout();

        assertThat(out.trim()).isEqualTo("4 part0;part1;part2;part3;");
    }

    @Test
    void boto3_midStreamFailure_isModelStreamError() {
        String out = ClientScripts.python(server.endpoint(), "hosting_stream_chunks_boto3.py", "realtime-ep",
                "break").assertSuccess().stdout();

        assertThat(out.lines()).hasSize(2);
        assertThat(out.lines().toList().get(0)).isEqualTo("part part0;");
        assertThat(out.lines().toList().get(1)).startsWith("error ModelStreamError ");
    }

    @Test
    void boto3_stalledStream_isModelStreamErrorAfterTheIdleTimeout() {
        String out = ClientScripts.python(server.endpoint(), "hosting_stream_chunks_boto3.py", "realtime-ep",
                "stall").assertSuccess().stdout();

        assertThat(out.lines().toList()).containsExactly("part part0;",
                "error ModelStreamError Your invocation timed out while waiting for a response from container"
                        + " primary. Review the latency metrics for each container in Amazon CloudWatch, resolve the"
                        + " issue, and try again.");
    }

    @Test
    void invokeEndpointAsync_invocationTimeout_writesFailureObject() {
        put("in/stall.txt", "stall");

        InvokeEndpointAsyncResponse r = runtime().invokeEndpointAsync(b -> b.endpointName("async-ep")
                .inputLocation("s3://" + BUCKET + "/in/stall.txt").invocationTimeoutSeconds(1));

        assertThat(await("failed/" + r.inferenceId() + "-error.out")).contains("Your invocation timed out");
    }

    private static SageMakerRuntimeClient runtime() {
        return server.sageMakerRuntime();
    }

    private static void put(String key, String text) {
        server.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(text));
    }

    /** Polls S3 for the object with a deadline, as an async client does. */
    private static String await(String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return server.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key))
                        .asString(StandardCharsets.UTF_8);
            } catch (NoSuchKeyException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no object " + key + " within 30 s", e);
                }
                Thread.onSpinWait();
            }
        }
    }
}
