package dev.sagebox.processing.api;

import java.time.Instant;

/** One row of ListProcessingJobs. */
public record ProcessingJobSummary(String processingJobName, String processingJobArn, Instant creationTime,
                                   Instant processingEndTime, Instant lastModifiedTime, String processingJobStatus,
                                   String failureReason, String exitMessage) {
}
