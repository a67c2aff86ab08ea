package dev.sagebox.transform.api;

/** CreateTransformJob output. */
public record CreateTransformJobResponse(String transformJobArn) {
}
