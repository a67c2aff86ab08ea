package dev.sagebox.aws;

/** SageMaker Runtime error codes (CONTRACTS §7.2): note {@code ValidationError}, not the control plane's …Exception. */
public enum RuntimeError implements ErrorCode {
    VALIDATION("ValidationError", 400),
    MODEL_ERROR("ModelError", 424),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
    UNKNOWN_OPERATION("UnknownOperationException", 404);

    private final String code;
    private final int status;

    RuntimeError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public int httpStatus() {
        return status;
    }

    public AwsException exception(String message) {
        return new AwsException(this, message);
    }
}
