package dev.sagebox.hosting.api;

import java.util.List;

/** A variant as DescribeEndpoint shows it: images, weights and instance counts. */
public record ProductionVariantSummary(String variantName, List<DeployedImage> deployedImages, Float currentWeight,
                                       Float desiredWeight, Integer currentInstanceCount,
                                       Integer desiredInstanceCount) {
}
