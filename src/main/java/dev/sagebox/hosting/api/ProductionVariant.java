package dev.sagebox.hosting.api;

/** One production variant of an endpoint config: which model, how many instances and its share of traffic. */
public record ProductionVariant(String variantName, String modelName, Integer initialInstanceCount,
                                Float initialVariantWeight, String instanceType,
                                Integer containerStartupHealthCheckTimeoutInSeconds,
                                Integer modelDataDownloadTimeoutInSeconds) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 600;

    public float weight() {
        return initialVariantWeight == null ? 1f : initialVariantWeight;
    }

    public int instanceCount() {
        return initialInstanceCount == null ? 1 : initialInstanceCount;
    }

    public int healthCheckTimeoutSeconds() {
        return containerStartupHealthCheckTimeoutInSeconds == null ? DEFAULT_TIMEOUT_SECONDS
                : containerStartupHealthCheckTimeoutInSeconds;
    }

    public int downloadTimeoutSeconds() {
        return modelDataDownloadTimeoutInSeconds == null ? DEFAULT_TIMEOUT_SECONDS : modelDataDownloadTimeoutInSeconds;
    }

    /** This variant with the default weight written out, as DescribeEndpointConfig shows it. */
    public ProductionVariant withDefaults() {
        return new ProductionVariant(variantName, modelName, initialInstanceCount, weight(), instanceType,
                containerStartupHealthCheckTimeoutInSeconds, modelDataDownloadTimeoutInSeconds);
    }
}
