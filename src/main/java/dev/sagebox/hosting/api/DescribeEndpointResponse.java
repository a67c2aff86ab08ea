package dev.sagebox.hosting.api;

import java.time.Instant;
import java.util.List;

/**
 * DescribeEndpoint output (CONTRACTS §6.2). {@code DataCaptureConfig} and {@code AsyncInferenceConfig} are those of
 * the config the endpoint runs, absent when it has none.
 */
public record DescribeEndpointResponse(String endpointName, String endpointArn, String endpointConfigName,
                                       List<ProductionVariantSummary> productionVariants,
                                       DataCaptureConfigSummary dataCaptureConfig, String endpointStatus,
                                       String failureReason, Instant creationTime, Instant lastModifiedTime,
                                       AsyncInferenceConfig asyncInferenceConfig) {
}
