package dev.sagebox.hosting.api;

/** DeleteModel input. */
public record DeleteModelRequest(String modelName) {
}
