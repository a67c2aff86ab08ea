package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** {@code sagebox import}: a job and a model trained "in the cloud" (a second Sagebox) deploy in a fresh local one. */
class ImportIT {
    private static final String JOB = "cloud-trained";

    private static TestServer cloud;
    private static TestServer local;
    private static Path work;
    private static String artifacts;

    @BeforeAll
    static void start() throws Exception {
        PromoteFixture.useTestCredentials();
        cloud = PromoteFixture.server();
        local = PromoteFixture.server();
        work = Files.createTempDirectory("sagebox-import-it-");
        PromoteFixture.uploadInputs(cloud, work, JOB, 1024);
        try (SageMakerClient sm = cloud.sageMaker()) {
            sm.createTrainingJob(PromoteFixture.job(JOB));
            DescribeTrainingJobResponse job = PromoteFixture.awaitEnd(sm, JOB);
            assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
            artifacts = job.modelArtifacts().s3ModelArtifacts();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestServer server : new TestServer[] {cloud, local}) {
            if (server != null) {
                server.close();
                server.delete();
            }
        }
        if (work != null) {
            TestFiles.deleteRecursively(work);
        }
    }

    private static PromoteFixture.Run importing(String kind, String name) {
        List<String> args = PromoteFixture.endpoints(local, cloud);
        args.addAll(0, List.of("import", kind, name));
        return PromoteFixture.cli(args.toArray(String[]::new));
    }

    @Test
    void importTrainingJob_isCompletedAndTaggedLocally_andItsModelDeploysAndAnswersOffline() {
        PromoteFixture.Run run = importing("training-job", JOB);

        assertThat(run.exitCode()).as(run.output()).isZero();
        try (SageMakerClient sm = local.sageMaker(); SageMakerRuntimeClient runtime = local.sageMakerRuntime()) {
            DescribeTrainingJobResponse job = sm.describeTrainingJob(b -> b.trainingJobName(JOB));
            assertThat(job.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
            assertThat(job.modelArtifacts().s3ModelArtifacts()).isEqualTo(artifacts);
            assertThat(job.hyperParameters()).containsEntry("factor", "2");
            assertThat(sm.listTags(b -> b.resourceArn(job.trainingJobArn())).tags())
                    .contains(Tag.builder().key("sagebox:imported-from")
                            .value("arn:aws:sagemaker:us-east-1:000000000000:training-job/" + JOB).build());

            sm.createModel(b -> b.modelName("served").executionRoleArn(PromoteFixture.ROLE)
                    .primaryContainer(ContainerDefinition.builder().image(PromoteFixture.DOUBLER)
                            .modelDataUrl(job.modelArtifacts().s3ModelArtifacts()).build()));
            assertThat(invokeAfterDeploy(sm, runtime, "served")).contains("\"predictions\": [2, 4]");
        }
    }

    @Test
    void importModel_copiesDescriptionAndModelData_andDeploysOffline() {
        try (SageMakerClient sm = cloud.sageMaker()) {
            sm.createModel(b -> b.modelName("cloud-model").executionRoleArn(PromoteFixture.ROLE)
                    .primaryContainer(ContainerDefinition.builder().image(PromoteFixture.DOUBLER)
                            .modelDataUrl(artifacts).build()));
        }
        PromoteFixture.Run run = importing("model", "cloud-model");

        assertThat(run.exitCode()).as(run.output()).isZero();
        try (SageMakerClient sm = local.sageMaker(); SageMakerRuntimeClient runtime = local.sageMakerRuntime()) {
            var model = sm.describeModel(b -> b.modelName("cloud-model"));
            assertThat(model.primaryContainer().modelDataUrl()).isEqualTo(artifacts);
            assertThat(sm.listTags(b -> b.resourceArn(model.modelArn())).tags())
                    .extracting(Tag::key).contains("sagebox:imported-from");
            assertThat(invokeAfterDeploy(sm, runtime, "cloud-model")).contains("\"predictions\": [2, 4]");
        }
    }

    @Test
    void importUnknownJob_isClearErrorAndNonZeroExit() {
        PromoteFixture.Run run = importing("training-job", "never-ran");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("no training job never-ran at " + cloud.endpoint());
    }

    private static String invokeAfterDeploy(SageMakerClient sm, SageMakerRuntimeClient runtime, String model) {
        String endpoint = model + "-ep";
        sm.createEndpointConfig(b -> b.endpointConfigName(endpoint).productionVariants(ProductionVariant.builder()
                .variantName("AllTraffic").modelName(model).initialInstanceCount(1).instanceType("ml.m5.large")
                .build()));
        sm.createEndpoint(b -> b.endpointName(endpoint).endpointConfigName(endpoint));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        DescribeEndpointResponse described;
        do {
            described = sm.describeEndpoint(b -> b.endpointName(endpoint));
            if (described.endpointStatus() == EndpointStatus.IN_SERVICE
                    || described.endpointStatus() == EndpointStatus.FAILED) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        } while (System.nanoTime() < deadline);
        assertThat(described.endpointStatus()).as(described.failureReason()).isEqualTo(EndpointStatus.IN_SERVICE);
        return PromoteFixture.invokeJson(runtime, endpoint, "[1, 2]");
    }
}
