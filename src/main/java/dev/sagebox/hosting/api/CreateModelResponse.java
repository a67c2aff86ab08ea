package dev.sagebox.hosting.api;

/** CreateModel output. */
public record CreateModelResponse(String modelArn) {
}
