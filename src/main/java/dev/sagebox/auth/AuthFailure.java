package dev.sagebox.auth;

/**
 * Why a request failed authentication, in neutral words. Each codec maps it to its own service's error code
 * ({@code SignatureDoesNotMatch} for S3, {@code InvalidSignatureException} for the JSON services, and so on).
 */
public enum AuthFailure {
    /** The request carries no usable signature while auth is {@code verify}. */
    MISSING,
    /** The Authorization header or presigned query is malformed. */
    MALFORMED,
    /** The access key id is neither in the credentials file nor a live temporary one. */
    UNKNOWN_ACCESS_KEY,
    /** The signature does not match the one we computed. */
    SIGNATURE_MISMATCH,
    /** The request time is further from ours than the allowed skew. */
    CLOCK_SKEW,
    /** A presigned URL past its expiry. */
    EXPIRED
}
