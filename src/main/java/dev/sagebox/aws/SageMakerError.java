package dev.sagebox.aws;

/** SageMaker control-plane error codes. AWS never uses ResourceNotFound here: a missing resource is a validation error. */
public enum SageMakerError implements ErrorCode {
    VALIDATION("ValidationException", 400),
    RESOURCE_IN_USE("ResourceInUse", 400),
    RESOURCE_LIMIT_EXCEEDED("ResourceLimitExceeded", 400),
    RESOURCE_NOT_FOUND("ResourceNotFound", 400),
    CONFLICT("ConflictException", 400);

    private final String code;
    private final int httpStatus;

    SageMakerError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public int httpStatus() {
        return httpStatus;
    }

    public AwsException exception(String message) {
        return new AwsException(this, message);
    }
}
