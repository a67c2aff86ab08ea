package dev.sagebox.processing.api;

/** StopProcessingJob input. */
public record StopProcessingJobRequest(String processingJobName) {
}
