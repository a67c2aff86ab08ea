package dev.sagebox.training;

/** DescribeTrainingJob input. */
public record DescribeTrainingJobRequest(String trainingJobName) {
}
