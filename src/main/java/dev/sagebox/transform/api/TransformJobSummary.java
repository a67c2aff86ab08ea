package dev.sagebox.transform.api;

import java.time.Instant;

/** One row of ListTransformJobs. */
public record TransformJobSummary(String transformJobName, String transformJobArn, Instant creationTime,
                                  Instant transformEndTime, Instant lastModifiedTime, String transformJobStatus,
                                  String failureReason) {
}
