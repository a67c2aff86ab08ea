package dev.sagebox.aws;

/** STS (query protocol) error codes. */
public enum StsError implements ErrorCode {
    INVALID_ACTION("InvalidAction", 400),
    MISSING_ACTION("MissingAction", 400),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403),
    REQUEST_EXPIRED("RequestExpired", 403);

    private final String code;
    private final int httpStatus;

    StsError(String code, int httpStatus) {
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
}
