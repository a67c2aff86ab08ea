package dev.sagebox.hosting.serve;

/** A container's answer to one batch request: its status, {@code Content-Type} (or null) and body. */
public record BatchAnswer(int status, String contentType, byte[] body) {
    public boolean isSuccess() {
        return status >= 200 && status <= 299;
    }
}
