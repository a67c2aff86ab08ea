package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.Region;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecondaryStatusTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private static TrainingJob fresh() {
        CreateTrainingJobRequest spec = new CreateTrainingJobRequest("job", null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
        return TrainingJob.created("arn", Region.DEFAULT, spec, "s3://b/job/output/model.tar.gz", T0);
    }

    @Test
    void transition_newStatusClosesPreviousAndSameStatusRewritesMessage() {
        TrainingJob job = fresh();
        job = SecondaryStatus.transition(job, SecondaryStatus.STARTING, SecondaryStatus.MSG_PREPARING,
                T0.plusSeconds(1));
        job = SecondaryStatus.transition(job, SecondaryStatus.DOWNLOADING, SecondaryStatus.MSG_DOWNLOADING,
                T0.plusSeconds(2));
        assertThat(job.transitions()).hasSize(2);
        assertThat(job.transitions().get(0).statusMessage()).isEqualTo(SecondaryStatus.MSG_PREPARING);
        assertThat(job.transitions().get(0).startTime()).isEqualTo(T0);
        assertThat(job.transitions().get(0).endTime()).isEqualTo(T0.plusSeconds(2));
        assertThat(job.transitions().get(1).endTime()).isNull();
        assertThat(job.lastModifiedTime()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void transition_terminalMove_setsEndTimeEqualToStartAndPrimaryStatus() {
        TrainingJob job = fresh();
        job = SecondaryStatus.transition(job, SecondaryStatus.TRAINING, SecondaryStatus.MSG_TRAINING, T0);
        job = SecondaryStatus.transition(job, SecondaryStatus.UPLOADING, SecondaryStatus.MSG_UPLOADING, T0);
        job = SecondaryStatus.transition(job, SecondaryStatus.COMPLETED, SecondaryStatus.MSG_COMPLETED,
                T0.plusSeconds(5));
        assertThat(job.status()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(job.transitions().getLast().endTime()).isEqualTo(T0.plusSeconds(5));
        assertThat(job.trainingEndTime()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void transition_uploadingWhileStopping_keepsStoppingThenEndsStopped() {
        TrainingJob job = SecondaryStatus.transition(fresh(), SecondaryStatus.STOPPING, SecondaryStatus.MSG_STOPPING,
                T0);
        job = SecondaryStatus.transition(job, SecondaryStatus.UPLOADING, SecondaryStatus.MSG_UPLOADING, T0);
        assertThat(job.status()).isEqualTo(TrainingJobStatus.STOPPING);
        job = SecondaryStatus.transition(job, SecondaryStatus.MAX_RUNTIME_EXCEEDED, SecondaryStatus.MSG_MAX_RUNTIME,
                T0);
        assertThat(job.status()).isEqualTo(TrainingJobStatus.STOPPED);
    }

    @Test
    void transition_illegalMoves_areRefused() {
        TrainingJob job = fresh();
        assertThatThrownBy(() -> SecondaryStatus.transition(job, SecondaryStatus.COMPLETED, "x", T0))
                .isInstanceOf(IllegalStateException.class);
        TrainingJob uploading = SecondaryStatus.transition(job, SecondaryStatus.UPLOADING, "u", T0);
        assertThatThrownBy(() -> SecondaryStatus.transition(uploading, SecondaryStatus.STOPPED, "x", T0))
                .isInstanceOf(IllegalStateException.class);
        TrainingJob failed = SecondaryStatus.transition(job, SecondaryStatus.FAILED, "f", T0);
        assertThatThrownBy(() -> SecondaryStatus.transition(failed, SecondaryStatus.TRAINING, "x", T0))
                .isInstanceOf(IllegalStateException.class);
    }
}
