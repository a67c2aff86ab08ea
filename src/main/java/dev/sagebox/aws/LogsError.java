package dev.sagebox.aws;

/** CloudWatch Logs error codes. Logs, unlike SageMaker, reports a missing resource as ResourceNotFoundException. */
public enum LogsError implements ErrorCode {
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 400),
    INVALID_PARAMETER("InvalidParameterException", 400),
    INVALID_OPERATION("InvalidOperationException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 500);

    private final String code;
    private final int httpStatus;

    LogsError(String code, int httpStatus) {
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

    /** The error AWS returns for every reference to an unknown log group. */
    public static AwsException noSuchLogGroup() {
        return RESOURCE_NOT_FOUND.exception("The specified log group does not exist.");
    }

    /** The error AWS returns for every reference to an unknown log stream. */
    public static AwsException noSuchLogStream() {
        return RESOURCE_NOT_FOUND.exception("The specified log stream does not exist.");
    }
}
