package dev.sagebox.auth;

/**
 * Why authentication cannot be set up, so the server refuses to start: an unknown {@code sagebox.auth} mode, or a
 * credentials file that is missing, unreadable, malformed or readable by other users. The message is one line, fit
 * to print as is.
 */
public final class AuthConfigurationException extends RuntimeException {
    public AuthConfigurationException(String message) {
        super(message);
    }

    public AuthConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
