package dev.sagebox.hosting.api;

import java.util.List;

/**
 * An endpoint config's DataCaptureConfig: which share of calls to record, what of them (CaptureOptions) and where, as
 * JSON Lines under {@code DestinationS3Uri} (CONTRACTS §6.1).
 */
public record DataCaptureConfig(Boolean enableCapture, Integer initialSamplingPercentage, String destinationS3Uri,
                                String kmsKeyId, List<CaptureOption> captureOptions,
                                CaptureContentTypeHeader captureContentTypeHeader) {
    public boolean isEnabled() {
        return !Boolean.FALSE.equals(enableCapture);
    }

    public boolean captures(String mode) {
        return captureOptions != null && captureOptions.stream()
                .anyMatch(o -> mode.equals(o.captureMode()) || "InputAndOutput".equals(o.captureMode()));
    }
}
