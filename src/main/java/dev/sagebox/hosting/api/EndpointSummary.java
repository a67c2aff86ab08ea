package dev.sagebox.hosting.api;

import java.time.Instant;

/** One entry of ListEndpoints. */
public record EndpointSummary(String endpointName, String endpointArn, Instant creationTime,
                              Instant lastModifiedTime, String endpointStatus) {
}
