package dev.sagebox.hosting.api;

/** UpdateEndpointWeightsAndCapacities output. */
public record UpdateEndpointWeightsAndCapacitiesResponse(String endpointArn) {
}
