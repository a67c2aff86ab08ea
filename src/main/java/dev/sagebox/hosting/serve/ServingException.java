package dev.sagebox.hosting.serve;

/** An endpoint could not be brought into service; the message is its {@code FailureReason}. */
public final class ServingException extends Exception {
    public ServingException(String failureReason) {
        super(failureReason, null, false, false);
    }
}
