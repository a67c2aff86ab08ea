package dev.sagebox.state;

/** The state database cannot be used; the message says what to do, since it is shown to the user as is. */
public final class StateStoreException extends RuntimeException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
