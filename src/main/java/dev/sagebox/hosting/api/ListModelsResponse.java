package dev.sagebox.hosting.api;

import java.util.List;

/** ListModels output. */
public record ListModelsResponse(List<ModelSummary> models, String nextToken) {
}
