package dev.sagebox.hosting.api;

/**
 * An endpoint config's {@code AsyncInferenceConfig} (CONTRACTS §6.1): where InvokeEndpointAsync writes its results,
 * and how many async requests each instance runs at a time.
 */
public record AsyncInferenceConfig(OutputConfig outputConfig, ClientConfig clientConfig) {
    /** The default of {@code MaxConcurrentInvocationsPerInstance} (AWS). */
    public static final int DEFAULT_CONCURRENCY = 4;

    /** {@code AsyncInferenceOutputConfig}; {@code S3FailurePath} falls back to {@code S3OutputPath}. */
    public record OutputConfig(String kmsKeyId, String s3OutputPath, String s3FailurePath) {
    }

    /** {@code AsyncInferenceClientConfig}. */
    public record ClientConfig(Integer maxConcurrentInvocationsPerInstance) {
    }

    public int concurrencyPerInstance() {
        Integer n = clientConfig == null ? null : clientConfig.maxConcurrentInvocationsPerInstance();
        return n == null ? DEFAULT_CONCURRENCY : n;
    }

    public String outputPath() {
        return outputConfig == null ? null : outputConfig.s3OutputPath();
    }

    public String failurePath() {
        String failure = outputConfig == null ? null : outputConfig.s3FailurePath();
        return failure == null ? outputPath() : failure;
    }
}
