package dev.sagebox.aws;

/** An AWS error code with the HTTP status it is sent with. Each service lists its codes in an enum. */
public interface ErrorCode {
    /** The code as it appears on the wire, e.g. {@code NoSuchKey} or {@code ValidationException}. */
    String code();

    int httpStatus();
}
