package dev.sagebox.jobs;

/** Input could not be staged because of what the user asked for; the message becomes {@code ClientError: <msg>}. */
public final class StagingException extends Exception {
    public StagingException(String message) {
        super(message);
    }
}
