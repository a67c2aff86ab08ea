package dev.sagebox.processing.api;

/** CreateProcessingJob output. */
public record CreateProcessingJobResponse(String processingJobArn) {
}
