package dev.sagebox.hosting.api;

import java.time.Instant;
import java.util.List;

/** DescribeEndpointConfig output. */
public record DescribeEndpointConfigResponse(String endpointConfigName, String endpointConfigArn,
                                             List<ProductionVariant> productionVariants, String kmsKeyId,
                                             AsyncInferenceConfig asyncInferenceConfig,
                                             DataCaptureConfig dataCaptureConfig, Instant creationTime) {
}
