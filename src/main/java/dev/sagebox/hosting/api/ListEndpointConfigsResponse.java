package dev.sagebox.hosting.api;

import java.util.List;

/** ListEndpointConfigs output. */
public record ListEndpointConfigsResponse(List<EndpointConfigSummary> endpointConfigs, String nextToken) {
}
