package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** Jobs beyond {@code sagebox.limits.concurrentJobs} wait in Starting until a running job ends. */
class TrainingQueueIT {
    @Test
    void secondJob_waitsInStartingWhileFirstRuns_thenRuns() throws Exception {
        TestServer server = TestServer.start(Map.of("sagebox.limits.concurrentJobs", "1",
                "sagebox.training.stopGraceSeconds", "1"));
        ByoFixture byo = ByoFixture.create(server);
        try (SageMakerClient sm = server.sageMaker()) {
            sm.createTrainingJob(TrainingRequests.valid("first", ByoFixture.IMAGE)
                    .hyperParameters(Map.of("mode", "sleep")).inputDataConfig(byo.channel("train"))
                    .outputDataConfig(o -> o.s3OutputPath(byo.outputUri())).build());
            ByoFixture.awaitLogLine(server, "first", "sleeping");
            sm.createTrainingJob(TrainingRequests.valid("second", ByoFixture.IMAGE)
                    .hyperParameters(Map.of("epochs", "1")).inputDataConfig(byo.channel("train"))
                    .outputDataConfig(o -> o.s3OutputPath(byo.outputUri())).build());
            DescribeTrainingJobResponse queued = ByoFixture.awaitJob(sm, "second", j -> j
                    .secondaryStatusTransitions().getLast().statusMessage().equals("Launching requested ML instances"));
            assertThat(queued.secondaryStatusAsString()).isEqualTo("Starting");

            sm.stopTrainingJob(b -> b.trainingJobName("first"));
            DescribeTrainingJobResponse second = ByoFixture.awaitJob(sm, "second",
                    j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                            || j.trainingJobStatus() == TrainingJobStatus.FAILED);
            assertThat(second.trainingJobStatus()).as(second.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
            assertThat(second.secondaryStatusTransitions().getFirst().statusMessage())
                    .isEqualTo("Preparing the instances for training");
        } finally {
            server.close();
            server.delete();
            byo.close();
        }
    }
}
