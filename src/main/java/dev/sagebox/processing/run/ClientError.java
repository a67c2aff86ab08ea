package dev.sagebox.processing.run;

/** A job failure caused by what the user asked for; it becomes {@code FailureReason: ClientError: <message>}. */
final class ClientError extends Exception {
    ClientError(String message) {
        super(message);
    }
}
