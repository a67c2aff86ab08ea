package dev.sagebox.hosting.api;

import java.time.Instant;

/** One entry of ListEndpointConfigs. */
public record EndpointConfigSummary(String endpointConfigName, String endpointConfigArn, Instant creationTime) {
}
