package dev.sagebox.training;

import java.util.List;

/** ListTrainingJobs output; {@code NextToken} is omitted on the last page. */
public record ListTrainingJobsResponse(List<TrainingJobSummary> trainingJobSummaries, String nextToken) {
}
