package dev.sagebox.jobs.placement;

/** A job's image can run nowhere here; the message is the text after {@code ClientError: }. */
public final class PlacementException extends Exception {
    private static final long serialVersionUID = 1L;

    public PlacementException(String message) {
        super(message);
    }
}
