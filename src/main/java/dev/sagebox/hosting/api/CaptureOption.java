package dev.sagebox.hosting.api;

/** What DataCapture records of a call: {@code Input}, {@code Output} or {@code InputAndOutput}. */
public record CaptureOption(String captureMode) {
}
