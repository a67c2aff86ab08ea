package dev.sagebox.hosting.api;

/** DescribeEndpointConfig input. */
public record DescribeEndpointConfigRequest(String endpointConfigName) {
}
