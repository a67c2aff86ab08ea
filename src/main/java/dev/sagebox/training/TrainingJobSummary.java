package dev.sagebox.training;

import java.time.Instant;

/** One row of ListTrainingJobs. */
public record TrainingJobSummary(String trainingJobName, String trainingJobArn, Instant creationTime,
                                 Instant trainingEndTime, Instant lastModifiedTime, String trainingJobStatus,
                                 String secondaryStatus) {
    static TrainingJobSummary of(TrainingJob job) {
        return new TrainingJobSummary(job.name(), job.arn(), job.creationTime(), job.trainingEndTime(),
                job.lastModifiedTime(), job.status().wireName(), job.secondaryStatus().wireName());
    }
}
