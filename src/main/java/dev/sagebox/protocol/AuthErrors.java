package dev.sagebox.protocol;

import dev.sagebox.auth.AuthFailure;
import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.CommonError;
import dev.sagebox.aws.ErrorCode;
import dev.sagebox.aws.S3Error;
import dev.sagebox.aws.StsError;

/**
 * Turns the SigV4 wrapper's verdict into the error of the route that claimed the request: each AWS protocol names
 * the same failure differently, and SDKs switch on those names (for example to retry after clock skew).
 */
public final class AuthErrors {
    /** The error vocabulary of a route. */
    public enum Style { JSON, S3, QUERY }

    private AuthErrors() {
    }

    /**
     * Throws the route's error when verification failed, or when the request was signed for another service than
     * the one this route serves (CONTRACTS.md §1: a contradicting scope is a 403).
     */
    public static void requireAuthenticated(Authentication auth, String expectedService, Style style) {
        if (auth.isFailed()) {
            throw forFailure(auth.failure(), auth.failureMessage(), style);
        }
        String service = auth.service();
        if (service != null && !service.equals(expectedService)) {
            String message = "Credential should be scoped to correct service: '" + expectedService + "'. ";
            throw new AwsException(mismatchCode(style), message);
        }
    }

    private static ErrorCode mismatchCode(Style style) {
        return switch (style) {
            case JSON -> CommonError.INVALID_SIGNATURE;
            case S3 -> S3Error.SIGNATURE_DOES_NOT_MATCH;
            case QUERY -> StsError.SIGNATURE_DOES_NOT_MATCH;
        };
    }

    static AwsException forFailure(AuthFailure failure, String detail, Style style) {
        String message = detail != null ? detail : defaultMessage(failure);
        ErrorCode code = switch (style) {
            case JSON -> switch (failure) {
                case MISSING -> CommonError.MISSING_AUTHENTICATION_TOKEN;
                case MALFORMED -> CommonError.INCOMPLETE_SIGNATURE;
                case UNKNOWN_ACCESS_KEY -> CommonError.UNRECOGNIZED_CLIENT;
                case SIGNATURE_MISMATCH, CLOCK_SKEW, EXPIRED -> CommonError.INVALID_SIGNATURE;
            };
            case S3 -> switch (failure) {
                case MISSING, EXPIRED -> S3Error.ACCESS_DENIED;
                case MALFORMED -> S3Error.INVALID_REQUEST;
                case UNKNOWN_ACCESS_KEY -> S3Error.INVALID_ACCESS_KEY_ID;
                case SIGNATURE_MISMATCH -> S3Error.SIGNATURE_DOES_NOT_MATCH;
                case CLOCK_SKEW -> S3Error.REQUEST_TIME_TOO_SKEWED;
            };
            case QUERY -> switch (failure) {
                case MISSING, UNKNOWN_ACCESS_KEY -> StsError.INVALID_CLIENT_TOKEN_ID;
                case MALFORMED, SIGNATURE_MISMATCH -> StsError.SIGNATURE_DOES_NOT_MATCH;
                case CLOCK_SKEW, EXPIRED -> StsError.REQUEST_EXPIRED;
            };
        };
        return new AwsException(code, message);
    }

    private static String defaultMessage(AuthFailure failure) {
        return switch (failure) {
            case MISSING -> "Missing Authentication Token";
            case MALFORMED -> "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'.";
            case UNKNOWN_ACCESS_KEY -> "The security token included in the request is invalid.";
            case SIGNATURE_MISMATCH -> "The request signature we calculated does not match the signature you "
                    + "provided. Check your AWS Secret Access Key and signing method.";
            case CLOCK_SKEW -> "Signature expired: the request time is too far from the server time.";
            case EXPIRED -> "Request has expired";
        };
    }
}
