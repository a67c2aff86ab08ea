package dev.sagebox.hosting.api;

import java.util.List;

/** ListEndpoints output. */
public record ListEndpointsResponse(List<EndpointSummary> endpoints, String nextToken) {
}
