package dev.sagebox.hosting.api;

import java.util.Map;

/** One serving container of a model: its image, model data and environment. */
public record ContainerDefinition(String containerHostname, String image, String mode, String modelDataUrl,
                                  ModelDataSource modelDataSource, Map<String, String> environment) {
    public Map<String, String> environmentOrEmpty() {
        return environment == null ? Map.of() : environment;
    }
}
