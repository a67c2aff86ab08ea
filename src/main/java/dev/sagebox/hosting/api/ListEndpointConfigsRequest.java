package dev.sagebox.hosting.api;

import java.time.Instant;

/** ListEndpointConfigs input. */
public record ListEndpointConfigsRequest(String sortBy, String sortOrder, String nextToken, Integer maxResults,
                                         String nameContains, Instant creationTimeBefore,
                                         Instant creationTimeAfter) {
    public ListRequest query() {
        return new ListRequest(nameContains, null, creationTimeAfter, creationTimeBefore, null, null, sortBy,
                sortOrder, nextToken, maxResults);
    }
}
