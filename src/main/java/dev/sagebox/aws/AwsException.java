package dev.sagebox.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error that reaches the client in its service's AWS shape. Anything thrown that is not an AwsException is a bug
 * and becomes a 500 {@code InternalFailure}.
 *
 * <p>{@link #fields()} carries the extra members some errors have: S3's {@code <Key>} or {@code <BucketName>},
 * SageMaker Runtime's {@code OriginalStatusCode}. Each protocol renders them in its own format.
 */
public class AwsException extends RuntimeException {
    private final ErrorCode errorCode;
    private final Map<String, Object> fields;

    public AwsException(ErrorCode errorCode, String message) {
        this(errorCode, message, Map.of());
    }

    public AwsException(ErrorCode errorCode, String message, Map<String, ?> fields) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String code() {
        return errorCode.code();
    }

    public int httpStatus() {
        return errorCode.httpStatus();
    }

    public Map<String, Object> fields() {
        return fields;
    }
}
