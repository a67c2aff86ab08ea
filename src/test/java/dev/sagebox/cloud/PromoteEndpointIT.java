package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** {@code sagebox promote endpoint}: model data, model, config and endpoint on the target, which then answers. */
class PromoteEndpointIT {
    private static final String MODEL_KEY = "models/doubler/model.tar.gz";
    private static final String TARGET_BUCKET = "sagemaker-us-east-1-000000000000";

    private static TestServer local;
    private static TestServer cloud;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        PromoteFixture.useTestCredentials();
        local = PromoteFixture.server();
        cloud = PromoteFixture.server();
        work = Files.createTempDirectory("sagebox-promote-ep-");
        Path model = Files.createDirectories(work.resolve("model/code"));
        Files.writeString(model.resolve("inference.py"), PromoteFixture.INFERENCE_PY);
        Files.writeString(model.getParent().resolve("weights.json"), "{\"w\": 3}");
        Path tarball = work.resolve("model.tar.gz");
        TarGz.write(model.getParent(), tarball);
        try (S3Client s3 = local.s3(); SageMakerClient sm = local.sageMaker()) {
            s3.createBucket(b -> b.bucket(PromoteFixture.BUCKET));
            s3.putObject(b -> b.bucket(PromoteFixture.BUCKET).key(MODEL_KEY), RequestBody.fromFile(tarball));
            for (String[] ep : new String[][] {{"tripler", "ml.m5.large"}, {"on-laptop", "local"}}) {
                sm.createModel(b -> b.modelName(ep[0]).executionRoleArn(PromoteFixture.ROLE)
                        .primaryContainer(ContainerDefinition.builder().image(PromoteFixture.DOUBLER)
                                .modelDataUrl("s3://" + PromoteFixture.BUCKET + "/" + MODEL_KEY).build()));
                sm.createEndpointConfig(b -> b.endpointConfigName(ep[0]).productionVariants(ProductionVariant.builder()
                        .variantName("AllTraffic").modelName(ep[0]).initialInstanceCount(1).instanceType(ep[1])
                        .build()));
                sm.createEndpoint(b -> b.endpointName(ep[0]).endpointConfigName(ep[0]));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestServer server : new TestServer[] {local, cloud}) {
            if (server != null) {
                server.close();
                server.delete();
            }
        }
        if (work != null) {
            TestFiles.deleteRecursively(work);
        }
    }

    private static PromoteFixture.Run promote(String endpoint, String... extra) {
        List<String> args = PromoteFixture.endpoints(local, cloud);
        args.addAll(0, List.of("promote", "endpoint", endpoint, "--role", PromoteFixture.ROLE, "--poll-millis",
                "200"));
        args.addAll(List.of(extra));
        return PromoteFixture.cli(args.toArray(String[]::new));
    }

    @Test
    void promoteEndpoint_uploadsModelData_createsModelConfigEndpoint_andTheTargetAnswers() {
        PromoteFixture.Run run = promote("tripler", "--wait");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Endpoint tripler: InService");
        try (S3Client from = local.s3(); S3Client to = cloud.s3(); SageMakerClient sm = cloud.sageMaker();
             SageMakerRuntimeClient runtime = cloud.sageMakerRuntime()) {
            assertThat(to.getObjectAsBytes(b -> b.bucket(TARGET_BUCKET).key(MODEL_KEY)).asByteArray())
                    .isEqualTo(from.getObjectAsBytes(b -> b.bucket(PromoteFixture.BUCKET).key(MODEL_KEY))
                            .asByteArray());
            assertThat(sm.describeModel(b -> b.modelName("tripler")).primaryContainer().modelDataUrl())
                    .isEqualTo("s3://" + TARGET_BUCKET + "/" + MODEL_KEY);
            assertThat(sm.describeEndpointConfig(b -> b.endpointConfigName("tripler")).productionVariants()
                    .getFirst().instanceTypeAsString()).isEqualTo("ml.m5.large");
            String answer = PromoteFixture.invokeJson(runtime, "tripler", "[1, 2]");
            assertThat(answer).contains("\"predictions\": [3, 6]");
        }
    }

    @Test
    void localInstanceType_withoutInstanceTypeOption_isClearErrorBeforeAnyUpload() {
        PromoteFixture.Run run = promote("on-laptop", "--bucket", "never-made");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("instance type 'local', which SageMaker does not have")
                .contains("--instance-type");
    }
}
