package dev.sagebox.transform.api;

import java.util.List;

/** ListTransformJobs output; {@code NextToken} only when more items follow. */
public record ListTransformJobsResponse(List<TransformJobSummary> transformJobSummaries, String nextToken) {
}
