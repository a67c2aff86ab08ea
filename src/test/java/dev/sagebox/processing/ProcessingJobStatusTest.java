package dev.sagebox.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.Region;
import dev.sagebox.processing.api.CreateProcessingJobRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The processing status machine: InProgress → Completed | Failed | Stopping → Stopped, nothing out of a terminal. */
class ProcessingJobStatusTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private static ProcessingJob fresh() {
        CreateProcessingJobRequest spec = new CreateProcessingJobRequest(null, null, "p", null, null, null, null,
                null, null, null, null);
        return ProcessingJob.created("arn:aws:sagemaker:us-east-1:000000000000:processing-job/p", Region.DEFAULT,
                spec, T0);
    }

    @Test
    void stop_goesThroughStoppingToStopped_withEndTimeOnlyAtTheEnd() {
        ProcessingJob stopping = fresh().moved(ProcessingJobStatus.STOPPING, T0.plusSeconds(1));
        ProcessingJob stopped = stopping.moved(ProcessingJobStatus.STOPPED, T0.plusSeconds(2));

        assertThat(stopping.processingEndTime()).isNull();
        assertThat(stopped.status()).isEqualTo(ProcessingJobStatus.STOPPED);
        assertThat(stopped.processingEndTime()).isEqualTo(T0.plusSeconds(2));
        assertThat(stopped.lastModifiedTime()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void terminalStatuses_refuseEveryMove() {
        ProcessingJob completed = fresh().moved(ProcessingJobStatus.COMPLETED, T0);

        for (ProcessingJobStatus next : ProcessingJobStatus.values()) {
            assertThatThrownBy(() -> completed.moved(next, T0)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> fresh().moved(ProcessingJobStatus.STOPPED, T0))
                .hasMessage("processing job p cannot move from IN_PROGRESS to STOPPED");
    }

    @Test
    void reasons_areCutToTheLengthAwsAllows() {
        ProcessingJob failed = fresh().withReasons("m".repeat(2000), "r".repeat(1500));

        assertThat(failed.exitMessage()).hasSize(1024);
        assertThat(failed.failureReason()).hasSize(1024);
    }
}
