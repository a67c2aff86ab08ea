package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** A job that was running when the server stopped is Failed after the restart, with a reason that says why. */
class TrainingRestartIT {
    @Test
    void restart_jobRunningAtShutdown_isFailedWithServerStoppedReason() throws Exception {
        TestServer first = TestServer.start(Map.of("sagebox.training.stopGraceSeconds", "1"));
        Path home = first.home();
        ByoFixture byo = ByoFixture.create(first);
        try (SageMakerClient sm = first.sageMaker()) {
            sm.createTrainingJob(TrainingRequests.valid("long-runner", ByoFixture.IMAGE)
                    .hyperParameters(Map.of("mode", "sleep"))
                    .inputDataConfig(byo.channel("train"))
                    .outputDataConfig(o -> o.s3OutputPath(byo.outputUri())).build());
            ByoFixture.awaitJob(sm, "long-runner", j -> j.trainingStartTime() != null);
        }
        first.close();

        TestServer second = TestServer.startOn(home, Map.of());
        try (SageMakerClient sm = second.sageMaker()) {
            DescribeTrainingJobResponse job = sm.describeTrainingJob(b -> b.trainingJobName("long-runner"));
            assertThat(job.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
            assertThat(job.failureReason()).startsWith("InternalServerError: Sagebox stopped while this job was "
                    + "running");
            assertThat(job.secondaryStatusTransitions().getLast().statusMessage()).isEqualTo("Training job failed");
        } finally {
            second.close();
            second.delete();
            byo.close();
        }
    }
}
