package dev.sagebox.training;

import java.time.Instant;

/** One entry of {@code FinalMetricDataList}: the last value a metric regex matched. */
public record MetricData(String metricName, Double value, Instant timestamp) {
}
