package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.images.ImageAliases;
import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * An alias made with {@code sagebox images alias} (the data dir's {@code image-aliases.json}) lets a job that names a
 * cloud image URI run in the local image, and it wins over a {@code sagebox.images} glob for the same URI.
 */
class DockerImageAliasIT {
    private static final String URI = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:9.9.9-cpu-py3";

    @Test
    void job_namingAnAliasedCloudUri_runsInTheLocalImage() throws Exception {
        TestImages.assumeAvailable(TestImages.BUSYBOX);
        TestServer server = TestServer.start(Map.of("sagebox.images", "*/pytorch-training:*=sagebox-test/absent:1"),
                home -> ImageAliases.in(home).put(URI, TestImages.BUSYBOX));
        try (ByoFixture byo = ByoFixture.create(server); SageMakerClient sm = server.sageMaker()) {
            sm.createTrainingJob(DockerTrainingIT.shJob(byo, "aliased", "echo ran-in-busybox")
                    .algorithmSpecification(a -> a.trainingImage(URI).trainingInputMode("File")
                            .containerEntrypoint("sh", "-c").containerArguments("echo ran-in-busybox"))
                    .build());

            DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "aliased",
                    j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                            || j.trainingJobStatus() == TrainingJobStatus.FAILED);

            assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
            assertThat(DockerTrainingIT.logLines(server, "aliased")).contains("ran-in-busybox");
        } finally {
            server.close();
            server.delete();
        }
    }
}
