package dev.sagebox.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;

/** A processing job running when the server stopped is Failed after the restart; finished jobs keep their records. */
class ProcessingRestartIT {
    @Test
    void restart_jobRunningAtShutdown_isFailedWithServerStoppedReason_andFinishedJobsAreKept() throws Exception {
        TestServer first = TestServer.start(Map.of("sagebox.training.stopGraceSeconds", "1"));
        Path home = first.home();
        Files.writeString(home.resolve("process-images.json"), """
                {"images": [{"image": "local/py-processing:*", "python": "python3"}]}
                """);
        ProcessingFixture fx = new ProcessingFixture(first);
        fx.sm.createProcessingJob(ProcessingFixture.job("failed-before", "local/py-processing:1", "job.py", "fail",
                "kept", "1").build());
        fx.awaitEnd("failed-before");
        fx.sm.createProcessingJob(ProcessingFixture.job("long-runner", "local/py-processing:1", "job.py", "wait",
                "/opt/ml/processing/out").build());
        ProcessingFixture.awaitLogLine(first, "long-runner", "waiting to be stopped");
        fx.close();
        first.close();

        TestServer second = TestServer.startOn(home, Map.of());
        try (SageMakerClient sm = second.sageMaker()) {
            DescribeProcessingJobResponse job = sm.describeProcessingJob(b -> b.processingJobName("long-runner"));
            assertThat(job.processingJobStatus()).isEqualTo(ProcessingJobStatus.FAILED);
            assertThat(job.failureReason()).startsWith("InternalServerError: Sagebox stopped while this job was"
                    + " running");
            assertThat(job.processingEndTime()).isNotNull();
            DescribeProcessingJobResponse before = sm.describeProcessingJob(b -> b.processingJobName(
                    "failed-before"));
            assertThat(before.processingJobStatus()).isEqualTo(ProcessingJobStatus.FAILED);
            assertThat(before.exitMessage()).isEqualTo("kept");
        } finally {
            second.close();
            second.delete();
        }
    }
}
