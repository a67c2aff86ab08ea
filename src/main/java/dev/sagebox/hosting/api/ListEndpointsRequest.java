package dev.sagebox.hosting.api;

import java.time.Instant;

/** ListEndpoints input. */
public record ListEndpointsRequest(String sortBy, String sortOrder, String nextToken, Integer maxResults,
                                   String nameContains, Instant creationTimeBefore, Instant creationTimeAfter,
                                   Instant lastModifiedTimeBefore, Instant lastModifiedTimeAfter,
                                   String statusEquals) {
    public ListRequest query() {
        return new ListRequest(nameContains, statusEquals, creationTimeAfter, creationTimeBefore,
                lastModifiedTimeAfter, lastModifiedTimeBefore, sortBy, sortOrder, nextToken, maxResults);
    }
}
