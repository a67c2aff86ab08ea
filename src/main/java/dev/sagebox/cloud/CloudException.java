package dev.sagebox.cloud;

/** A promotion or import that cannot go on; the message says what to fix and the CLI prints it as is. */
public final class CloudException extends Exception {
    private final String code;

    public CloudException(String message) {
        this(null, message, null);
    }

    public CloudException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /** An error a service answered with: its code ({@code __type}) and message. */
    public CloudException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The service's error code, or {@code null} when the error is ours. */
    public String code() {
        return code;
    }
}
