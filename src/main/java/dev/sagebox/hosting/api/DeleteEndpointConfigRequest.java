package dev.sagebox.hosting.api;

/** DeleteEndpointConfig input. */
public record DeleteEndpointConfigRequest(String endpointConfigName) {
}
