package dev.sagebox.training;

/** StopTrainingJob input. */
public record StopTrainingJobRequest(String trainingJobName) {
}
