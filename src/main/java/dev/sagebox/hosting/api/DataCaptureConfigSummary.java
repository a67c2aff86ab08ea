package dev.sagebox.hosting.api;

/**
 * DescribeEndpoint's DataCaptureConfig: the capture the endpoint runs now. Capture never stops on its own here, so
 * {@code CaptureStatus} follows {@code EnableCapture}.
 */
public record DataCaptureConfigSummary(Boolean enableCapture, String captureStatus, Integer currentSamplingPercentage,
                                       String destinationS3Uri, String kmsKeyId) {
    /** The summary of an endpoint config's capture, or null when it has none. */
    public static DataCaptureConfigSummary of(DataCaptureConfig config) {
        if (config == null) {
            return null;
        }
        return new DataCaptureConfigSummary(config.isEnabled(), config.isEnabled() ? "Started" : "Stopped",
                config.initialSamplingPercentage(), config.destinationS3Uri(), config.kmsKeyId());
    }
}
