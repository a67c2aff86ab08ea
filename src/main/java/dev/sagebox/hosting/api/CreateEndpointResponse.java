package dev.sagebox.hosting.api;

/** CreateEndpoint output. */
public record CreateEndpointResponse(String endpointArn) {
}
