package dev.sagebox.hosting.api;

/** DeleteEndpoint input. */
public record DeleteEndpointRequest(String endpointName) {
}
