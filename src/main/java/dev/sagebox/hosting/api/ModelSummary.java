package dev.sagebox.hosting.api;

import java.time.Instant;

/** One entry of ListModels. */
public record ModelSummary(String modelName, String modelArn, Instant creationTime) {
}
