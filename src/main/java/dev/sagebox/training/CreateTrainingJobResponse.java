package dev.sagebox.training;

/** CreateTrainingJob output. */
public record CreateTrainingJobResponse(String trainingJobArn) {
}
