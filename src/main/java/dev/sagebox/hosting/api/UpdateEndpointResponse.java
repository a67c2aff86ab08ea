package dev.sagebox.hosting.api;

/** UpdateEndpoint output. */
public record UpdateEndpointResponse(String endpointArn) {
}
