package dev.sagebox.hosting.api;

/** DescribeEndpoint input. */
public record DescribeEndpointRequest(String endpointName) {
}
