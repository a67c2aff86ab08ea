package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;

/** The cluster a processing job runs on. */
public record ProcessingResources(ProcessingClusterConfig clusterConfig) {
    void validate(Validator v, String path) {
        String cluster = Validator.child(path, "clusterConfig");
        if (v.required(cluster, clusterConfig)) {
            clusterConfig.validate(v, cluster);
        }
    }

    /** The number of hosts ({@code algo-1..N}). */
    public int hostCount() {
        return clusterConfig.instanceCount();
    }
}
