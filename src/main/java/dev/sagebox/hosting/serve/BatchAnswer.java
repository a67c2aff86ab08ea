package dev.sagebox.hosting.serve;

/**
 * A container's answer to one batch request: its status, {@code Content-Type} (or null) and body.
 *
 * @param container the hostname of the inference-pipeline container that gave a failed answer; null otherwise
 */
public record BatchAnswer(int status, String contentType, byte[] body, String container) {
    public boolean isSuccess() {
        return status >= 200 && status <= 299;
    }
}
