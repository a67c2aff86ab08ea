package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static dev.sagebox.hosting.HostingFixture.variant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CaptureMode;
import software.amazon.awssdk.services.sagemaker.model.CaptureOption;
import software.amazon.awssdk.services.sagemaker.model.CaptureStatus;
import software.amazon.awssdk.services.sagemaker.model.DataCaptureConfig;
import software.amazon.awssdk.services.sagemaker.model.DataCaptureConfigSummary;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;

/** DataCaptureConfig: sampled calls land as JSON Lines records under the destination, in Model Monitor's form. */
class HostingDataCaptureIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static HostingFixture fixture;
    private static SageMakerClient sm;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        fixture = HostingFixture.install(server);
        sm = server.sageMaker();
        server.s3().createBucket(b -> b.bucket("capture"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static void deploy(String name, DataCaptureConfig capture) {
        HostingFixture.createModel(sm, name, HostingFixture.DOUBLER, "file://" + fixture.modelDir());
        sm.createEndpointConfig(b -> b.endpointConfigName(name).productionVariants(variant("AllTraffic", name, 1, 1f))
                .dataCaptureConfig(capture));
        sm.createEndpoint(b -> b.endpointName(name).endpointConfigName(name));
        assertInService(awaitSettled(sm, name));
    }

    private static List<S3Object> captured(String prefix, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<S3Object> objects = List.of();
        while (objects.size() < atLeast && System.nanoTime() < deadline) {
            objects = server.s3().listObjectsV2(b -> b.bucket("capture").prefix(prefix)).contents();
        }
        return objects;
    }

    @Test
    void dataCapture_everyCall_isRecordedAsJsonLinesWithInputAndOutput() throws Exception {
        deploy("captured", DataCaptureConfig.builder().enableCapture(true).initialSamplingPercentage(100)
                .destinationS3Uri("s3://capture/data/")
                .captureOptions(CaptureOption.builder().captureMode(CaptureMode.INPUT).build(),
                        CaptureOption.builder().captureMode(CaptureMode.OUTPUT).build())
                .captureContentTypeHeader(h -> h.jsonContentTypes("application/json")).build());

        HostingFixture.invokeJson(server.sageMakerRuntime(), "captured", "[1, 2]");
        HostingFixture.invokeJson(server.sageMakerRuntime(), "captured", "[3]");
        List<S3Object> objects = captured("data/captured/AllTraffic/", 2);

        assertThat(objects).hasSize(2).allSatisfy(o -> assertThat(o.key())
                .matches("data/captured/AllTraffic/\\d{4}/\\d{2}/\\d{2}/\\d{2}/[0-9a-f-]{36}\\.jsonl"));
        List<JsonNode> records = objects.stream().map(o -> read(o.key())).toList();
        JsonNode first = records.stream().filter(r -> r.at("/captureData/endpointInput/data").asText()
                .equals("[1, 2]")).findFirst().orElseThrow();
        assertThat(first.at("/captureData/endpointInput/encoding").asText()).isEqualTo("JSON");
        assertThat(first.at("/captureData/endpointInput/observedContentType").asText()).isEqualTo("application/json");
        assertThat(first.at("/captureData/endpointOutput/data").asText()).isEqualTo("{\"predictions\": [2, 4]}");
        assertThat(first.at("/eventMetadata/eventId").asText()).isNotEmpty();
        assertThat(first.at("/eventVersion").asText()).isEqualTo("0");
        DescribeEndpointConfigResponse config = sm.describeEndpointConfig(b -> b.endpointConfigName("captured"));
        assertThat(config.dataCaptureConfig().initialSamplingPercentage()).isEqualTo(100);
        DataCaptureConfigSummary running = sm.describeEndpoint(b -> b.endpointName("captured")).dataCaptureConfig();
        assertThat(running.enableCapture()).isTrue();
        assertThat(running.captureStatus()).isEqualTo(CaptureStatus.STARTED);
        assertThat(running.currentSamplingPercentage()).isEqualTo(100);
        assertThat(running.destinationS3Uri()).isEqualTo("s3://capture/data/");
    }

    @Test
    void dataCapture_inputOnlyWithoutContentTypeHeader_recordsBase64Input() {
        deploy("inputonly", DataCaptureConfig.builder().initialSamplingPercentage(100)
                .destinationS3Uri("s3://capture/in")
                .captureOptions(CaptureOption.builder().captureMode(CaptureMode.INPUT).build()).build());

        HostingFixture.invokeJson(server.sageMakerRuntime(), "inputonly", "[5]");
        JsonNode record = read(captured("in/inputonly/", 1).getFirst().key());

        assertThat(record.at("/captureData/endpointInput/encoding").asText()).isEqualTo("BASE64");
        assertThat(record.at("/captureData/endpointInput/data").asText()).isEqualTo("WzVd");
        assertThat(record.at("/captureData/endpointOutput").isMissingNode()).isTrue();
    }

    private static JsonNode read(String key) {
        try {
            String text = server.s3().getObjectAsBytes(b -> b.bucket("capture").key(key)).asUtf8String();
            assertThat(text).endsWith("\n").doesNotContain("\n{");
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
