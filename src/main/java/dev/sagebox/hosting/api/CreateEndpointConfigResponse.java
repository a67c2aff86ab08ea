package dev.sagebox.hosting.api;

/** CreateEndpointConfig output. */
public record CreateEndpointConfigResponse(String endpointConfigArn) {
}
