package dev.sagebox.hosting.api;

/** How a model's several containers serve: {@code Serial} (an inference pipeline, the default) or {@code Direct}. */
public record InferenceExecutionConfig(String mode) {
    public static final String SERIAL = "Serial";
    public static final String DIRECT = "Direct";

    public boolean isDirect() {
        return DIRECT.equals(mode);
    }
}
