package dev.sagebox.processing.api;

/** DescribeProcessingJob input. */
public record DescribeProcessingJobRequest(String processingJobName) {
}
