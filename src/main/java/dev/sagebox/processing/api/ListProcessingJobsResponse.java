package dev.sagebox.processing.api;

import java.util.List;

/** ListProcessingJobs output; {@code NextToken} only when more items follow. */
public record ListProcessingJobsResponse(List<ProcessingJobSummary> processingJobSummaries, String nextToken) {
}
