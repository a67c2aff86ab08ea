package dev.sagebox.transform.api;

/** StopTransformJob input. */
public record StopTransformJobRequest(String transformJobName) {
}
