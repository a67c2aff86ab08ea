package dev.sagebox.hosting.serve;

/** A container's successful answer, and the variant that gave it ({@code x-Amzn-Invoked-Production-Variant}). */
public record InvocationResult(byte[] body, String contentType, String customAttributes, String invokedVariant) {
}
