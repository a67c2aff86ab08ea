package dev.sagebox.training;

/** Where the model archive is (or will be): required in Describe from creation on. */
public record ModelArtifacts(String s3ModelArtifacts) {
}
