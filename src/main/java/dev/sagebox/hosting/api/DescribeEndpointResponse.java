package dev.sagebox.hosting.api;

import java.time.Instant;
import java.util.List;

/** DescribeEndpoint output (CONTRACTS §6.2). */
public record DescribeEndpointResponse(String endpointName, String endpointArn, String endpointConfigName,
                                       List<ProductionVariantSummary> productionVariants, String endpointStatus,
                                       String failureReason, Instant creationTime, Instant lastModifiedTime) {
}
