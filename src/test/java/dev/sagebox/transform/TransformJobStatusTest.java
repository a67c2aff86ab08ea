package dev.sagebox.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransformJobStatusTest {
    @Test
    void machine_inProgressEndsOrStops_stoppingEndsStoppedOrFailed_terminalStays() {
        assertThat(TransformJobStatus.IN_PROGRESS.canMoveTo(TransformJobStatus.COMPLETED)).isTrue();
        assertThat(TransformJobStatus.IN_PROGRESS.canMoveTo(TransformJobStatus.STOPPED)).isFalse();
        assertThat(TransformJobStatus.STOPPING.canMoveTo(TransformJobStatus.STOPPED)).isTrue();
        assertThat(TransformJobStatus.STOPPING.canMoveTo(TransformJobStatus.COMPLETED)).isFalse();
        assertThat(TransformJobStatus.COMPLETED.canMoveTo(TransformJobStatus.FAILED)).isFalse();
        assertThat(TransformJobStatus.ofWireName("Stopping")).isEqualTo(TransformJobStatus.STOPPING);
    }
}
