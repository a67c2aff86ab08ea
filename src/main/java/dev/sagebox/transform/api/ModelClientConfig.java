package dev.sagebox.transform.api;

import dev.sagebox.aws.Validator;

/** How each {@code /invocations} call of a transform job is timed out and retried (AWS: 600 s, 3 retries). */
public record ModelClientConfig(Integer invocationsTimeoutInSeconds, Integer invocationsMaxRetries) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 600;
    public static final int DEFAULT_MAX_RETRIES = 3;

    void validate(Validator v, String path) {
        v.range(Validator.child(path, "invocationsTimeoutInSeconds"), invocationsTimeoutInSeconds, 1, 3600);
        v.range(Validator.child(path, "invocationsMaxRetries"), invocationsMaxRetries, 0, 3);
    }

    static ModelClientConfig withDefaults(ModelClientConfig given) {
        return new ModelClientConfig(
                given == null || given.invocationsTimeoutInSeconds == null ? DEFAULT_TIMEOUT_SECONDS
                        : given.invocationsTimeoutInSeconds,
                given == null || given.invocationsMaxRetries == null ? DEFAULT_MAX_RETRIES
                        : given.invocationsMaxRetries);
    }
}
