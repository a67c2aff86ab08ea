package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.DOUBLER;
import static dev.sagebox.hosting.HostingFixture.createConfig;
import static dev.sagebox.hosting.HostingFixture.createModel;
import static dev.sagebox.hosting.HostingFixture.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointConfigSummary;
import software.amazon.awssdk.services.sagemaker.model.ListModelsResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelSummary;
import software.amazon.awssdk.services.sagemaker.model.OrderKey;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** Models and endpoint configs: validation, duplicates, missing resources and listing, with exact AWS texts. */
class HostingControlPlaneIT {
    private static final String ARN = "arn:aws:sagemaker:us-east-1:000000000000:";
    private static TestServer server;
    private static SageMakerClient sm;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        HostingFixture.install(server);
        sm = server.sageMaker();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static String error(Runnable call) {
        try {
            call.run();
        } catch (SageMakerException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            return e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("expected a ValidationException");
    }

    @Test
    void createModel_describeEchoesSpec() {
        createModel(sm, "Echo-Model", DOUBLER, "s3://bucket/model.tar.gz");

        DescribeModelResponse d = sm.describeModel(b -> b.modelName("echo-model"));

        assertThat(d.modelName()).isEqualTo("Echo-Model");
        assertThat(d.modelArn()).isEqualTo(ARN + "model/echo-model");
        assertThat(d.primaryContainer().image()).isEqualTo(DOUBLER);
        assertThat(d.primaryContainer().modelDataUrl()).isEqualTo("s3://bucket/model.tar.gz");
        assertThat(d.executionRoleArn()).isEqualTo("arn:aws:iam::000000000000:role/SageMakerRole");
        assertThat(d.creationTime()).isNotNull();
    }

    @Test
    void createModel_duplicateIgnoringCase_isValidationException() {
        createModel(sm, "dup-model", DOUBLER, null);

        assertThat(error(() -> createModel(sm, "DUP-model", DOUBLER, null)))
                .isEqualTo("Cannot create already existing model \"" + ARN + "model/dup-model\".");
    }

    @Test
    void describeModel_missing_isValidationException() {
        assertThat(error(() -> sm.describeModel(b -> b.modelName("Nope"))))
                .isEqualTo("Could not find model \"" + ARN + "model/nope\".");
        assertThat(error(() -> sm.deleteModel(b -> b.modelName("nope"))))
                .isEqualTo("Could not find model \"" + ARN + "model/nope\".");
    }

    @Test
    void createModel_invalidName_listsEveryError() {
        assertThat(error(() -> sm.createModel(b -> b.modelName("bad_name"))))
                .isEqualTo("2 validation errors detected: Value 'bad_name' at 'modelName' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern:"
                        + " ^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$; Value null at 'primaryContainer' failed to"
                        + " satisfy constraint: Member must not be null");
    }

    @Test
    void deleteModel_thenDescribe_isMissing() {
        createModel(sm, "short-lived", DOUBLER, null);

        sm.deleteModel(b -> b.modelName("short-lived"));

        assertThat(error(() -> sm.describeModel(b -> b.modelName("short-lived")))).startsWith("Could not find model");
    }

    @Test
    void endpointConfig_defaultsWeightAndEchoes() {
        ProductionVariant v = ProductionVariant.builder().variantName("AllTraffic").modelName("m")
                .initialInstanceCount(2).instanceType("ml.m5.large").build();
        createConfig(sm, "cfg-echo", v);

        DescribeEndpointConfigResponse d = sm.describeEndpointConfig(b -> b.endpointConfigName("cfg-echo"));

        assertThat(d.endpointConfigArn()).isEqualTo(ARN + "endpoint-config/cfg-echo");
        assertThat(d.productionVariants()).singleElement().satisfies(p -> {
            assertThat(p.initialVariantWeight()).isEqualTo(1f);
            assertThat(p.initialInstanceCount()).isEqualTo(2);
        });
    }

    @Test
    void endpointConfig_duplicateAndMissing_areValidationExceptions() {
        createConfig(sm, "cfg-dup", variant("AllTraffic", "m", 1, 1f));

        assertThat(error(() -> createConfig(sm, "cfg-dup", variant("AllTraffic", "m", 1, 1f))))
                .isEqualTo("Cannot create already existing endpoint configuration \"" + ARN
                        + "endpoint-config/cfg-dup\".");
        assertThat(error(() -> sm.describeEndpointConfig(b -> b.endpointConfigName("cfg-none"))))
                .isEqualTo("Could not find endpoint configuration \"" + ARN + "endpoint-config/cfg-none\".");
    }

    @Test
    void endpointConfig_noVariants_isValidationException() {
        assertThat(error(() -> sm.createEndpointConfig(b -> b.endpointConfigName("cfg-empty")
                .productionVariants(List.of()))))
                .isEqualTo("1 validation error detected: Value '[]' at 'productionVariants' failed to satisfy"
                        + " constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void createEndpoint_missingConfigOrModel_isValidationException() {
        assertThat(error(() -> sm.createEndpoint(b -> b.endpointName("ep-x").endpointConfigName("cfg-missing"))))
                .isEqualTo("Could not find endpoint configuration \"" + ARN + "endpoint-config/cfg-missing\".");
        createConfig(sm, "cfg-orphan", variant("AllTraffic", "model-missing", 1, 1f));

        assertThat(error(() -> sm.createEndpoint(b -> b.endpointName("ep-x").endpointConfigName("cfg-orphan"))))
                .isEqualTo("Could not find model \"" + ARN + "model/model-missing\".");
        assertThat(error(() -> sm.describeEndpoint(b -> b.endpointName("ep-x"))))
                .isEqualTo("Could not find endpoint \"" + ARN + "endpoint/ep-x\".");
    }

    @Test
    void createEndpoint_duplicate_isValidationException() {
        createModel(sm, "dup-ep-model", HostingFixture.CRASHER, null);
        createConfig(sm, "dup-ep", variant("AllTraffic", "dup-ep-model", 1, 1f));
        sm.createEndpoint(b -> b.endpointName("dup-ep").endpointConfigName("dup-ep"));

        assertThat(error(() -> sm.createEndpoint(b -> b.endpointName("Dup-Ep").endpointConfigName("dup-ep"))))
                .isEqualTo("Cannot create already existing endpoint \"" + ARN + "endpoint/dup-ep\".");
    }

    @Test
    void listModels_filtersSortsAndPages() {
        for (String name : List.of("list-c", "list-a", "list-b")) {
            createModel(sm, name, DOUBLER, null);
        }

        ListModelsResponse first = sm.listModels(b -> b.nameContains("LIST-").sortBy("Name")
                .sortOrder(OrderKey.ASCENDING).maxResults(2));
        ListModelsResponse second = sm.listModels(b -> b.nameContains("list-").sortBy("Name")
                .sortOrder(OrderKey.ASCENDING).maxResults(2).nextToken(first.nextToken()));

        assertThat(first.models()).extracting(ModelSummary::modelName).containsExactly("list-a", "list-b");
        assertThat(second.models()).extracting(ModelSummary::modelName).containsExactly("list-c");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void listEndpointConfigs_newestFirstByDefault() {
        createConfig(sm, "order-1", variant("AllTraffic", "m", 1, 1f));
        createConfig(sm, "order-2", variant("AllTraffic", "m", 1, 1f));

        List<EndpointConfigSummary> all = sm.listEndpointConfigs(b -> b.nameContains("order-")).endpointConfigs();

        assertThat(all).extracting(EndpointConfigSummary::endpointConfigName).containsExactly("order-2", "order-1");
    }
}
