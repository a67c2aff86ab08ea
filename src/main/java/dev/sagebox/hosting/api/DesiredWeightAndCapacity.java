package dev.sagebox.hosting.api;

/** One variant's new weight and/or instance count in UpdateEndpointWeightsAndCapacities. */
public record DesiredWeightAndCapacity(String variantName, Float desiredWeight, Integer desiredInstanceCount) {
}
