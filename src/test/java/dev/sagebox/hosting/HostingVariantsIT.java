package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static dev.sagebox.hosting.HostingFixture.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DesiredWeightAndCapacity;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** Two variants at 80/20: traffic split by weight, TargetVariant routing, and weights changed in place. */
class HostingVariantsIT {
    private static TestServer server;
    private static SageMakerClient sm;
    private static SageMakerRuntimeClient runtime;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        HostingFixture fixture = HostingFixture.install(server);
        sm = server.sageMaker();
        runtime = server.sageMakerRuntime();
        HostingFixture.deployEcho(sm, "echo-model", fixture.modelDir().resolveSibling("echo.port"));
        HostingFixture.createConfig(sm, "split", variant("Big", "echo-model", 1, 4f),
                variant("Small", "echo-model", 1, 1f));
        sm.createEndpoint(b -> b.endpointName("split").endpointConfigName("split"));
        assertInService(awaitSettled(sm, "split"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static String invokedVariant(String target) {
        return runtime.invokeEndpoint(b -> b.endpointName("split").contentType("application/json")
                .targetVariant(target).body(SdkBytes.fromString("[1]", StandardCharsets.UTF_8)))
                .invokedProductionVariant();
    }

    @Test
    void weights80To20_splitWithinBinomialTolerance() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            counts.merge(invokedVariant(null), 1, Integer::sum);
        }
        // n=2000, p=0.8: sd = 17.9; 4.5 sd keeps a false failure below 1 in 100,000 runs.
        assertThat(counts.getOrDefault("Big", 0)).isBetween(1520, 1680);
        assertThat(counts.get("Big") + counts.get("Small")).isEqualTo(2000);
    }

    @Test
    void targetVariant_picksThatVariant() {
        for (int i = 0; i < 20; i++) {
            assertThat(invokedVariant("Small")).isEqualTo("Small");
        }
        assertThatThrownBy(() -> invokedVariant("Nope")).isInstanceOf(ValidationErrorException.class);
    }

    @Test
    void updateWeights_appliesAtOnce() {
        sm.updateEndpointWeightsAndCapacities(b -> b.endpointName("split").desiredWeightsAndCapacities(
                DesiredWeightAndCapacity.builder().variantName("Big").desiredWeight(0f).build()));
        try {
            for (int i = 0; i < 50; i++) {
                assertThat(invokedVariant(null)).isEqualTo("Small");
            }
            assertThat(sm.describeEndpoint(b -> b.endpointName("split")).productionVariants())
                    .filteredOn(v -> v.variantName().equals("Big")).singleElement()
                    .extracting(ProductionVariantSummary::currentWeight).isEqualTo(0f);
        } finally {
            sm.updateEndpointWeightsAndCapacities(b -> b.endpointName("split").desiredWeightsAndCapacities(
                    DesiredWeightAndCapacity.builder().variantName("Big").desiredWeight(4f).build()));
        }
    }

    @Test
    void updateWeights_unknownVariant_isValidationException() {
        assertThatThrownBy(() -> sm.updateEndpointWeightsAndCapacities(b -> b.endpointName("split")
                .desiredWeightsAndCapacities(DesiredWeightAndCapacity.builder().variantName("Ghost")
                        .desiredWeight(1f).build())))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("The variant(s) \"[Ghost]\" is/are not present in the current"
                        + " endpoint config."));
    }

    @Test
    void updateCapacity_isUpdatingUntilTheNewCountServes() {
        HostingFixture.createConfig(sm, "scale", variant("AllTraffic", "echo-model", 1, 1f));
        sm.createEndpoint(b -> b.endpointName("scale").endpointConfigName("scale"));
        assertInService(awaitSettled(sm, "scale"));

        sm.updateEndpointWeightsAndCapacities(b -> b.endpointName("scale").desiredWeightsAndCapacities(
                DesiredWeightAndCapacity.builder().variantName("AllTraffic").desiredInstanceCount(2).build()));
        assertThat(sm.describeEndpoint(b -> b.endpointName("scale")).endpointStatusAsString())
                .isIn("Updating", "InService");
        DescribeEndpointResponse scaled = awaitSettled(sm, "scale");
        assertInService(scaled);
        assertThat(scaled.productionVariants()).singleElement().satisfies(v -> {
            assertThat(v.currentInstanceCount()).isEqualTo(2);
            assertThat(v.desiredInstanceCount()).isEqualTo(2);
        });
        assertThat(runtime.invokeEndpoint(b -> b.endpointName("scale").contentType("application/json")
                .body(SdkBytes.fromString("[7]", StandardCharsets.UTF_8))).body().asUtf8String()).isEqualTo("[7]");
    }
}
