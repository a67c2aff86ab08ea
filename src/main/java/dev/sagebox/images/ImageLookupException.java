package dev.sagebox.images;

/** A framework image that the shipped table does not have; the message lists what it does have. */
public final class ImageLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageLookupException(String message) {
        super(message);
    }
}
