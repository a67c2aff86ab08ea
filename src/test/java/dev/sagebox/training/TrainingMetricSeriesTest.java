package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.aws.Region;
import dev.sagebox.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's metric values are kept as a series, beside the last values Describe shows, and survive a reopen. */
class TrainingMetricSeriesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void metrics_keepEverySeriesPoint_andTheFinalValues(@TempDir Path dir) {
        CreateTrainingJobRequest spec = new CreateTrainingJobRequest("job", null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
        TrainingJob job = TrainingJob.created("arn:job", Region.DEFAULT, spec, "s3://b/job/output/model.tar.gz", T0);
        List<MetricData> series = List.of(new MetricData("train:loss", 1.0, T0),
                new MetricData("train:loss", 0.5, T0.plusSeconds(1)),
                new MetricData("validation:accuracy", 0.9, T0.plusSeconds(1)),
                new MetricData("train:loss", 0.25, T0.plusSeconds(2)));
        try (StateStore state = StateStore.open(dir, List.of(TrainingJobStore.SCHEMA))) {
            TrainingJobStore store = new TrainingJobStore(state);
            store.insert(job, List.of());
            TrainingJob updated = new TrainingJobUpdates(store, Clock.fixed(T0, ZoneOffset.UTC))
                    .metrics(job, List.of(series.get(3), series.get(2)), series);
            assertThat(updated.finalMetrics()).hasSize(2);
        }
        try (StateStore reopened = StateStore.open(dir, List.of(TrainingJobStore.SCHEMA))) {
            TrainingJobStore store = new TrainingJobStore(reopened);
            assertThat(store.metricSeries("arn:job")).extracting(m -> m.metricName() + "=" + m.value())
                    .containsExactly("train:loss=1.0", "train:loss=0.5", "train:loss=0.25",
                            "validation:accuracy=0.9");
            assertThat(store.find(Region.DEFAULT, "job").orElseThrow().finalMetrics())
                    .extracting(MetricData::metricName).containsExactly("train:loss", "validation:accuracy");
        }
    }
}
