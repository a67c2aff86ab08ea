package dev.sagebox.hosting.api;

import dev.sagebox.aws.Validator;
import java.time.Instant;
import java.util.List;

/**
 * The filters, sort and page of ListModels, ListEndpointConfigs and ListEndpoints (CONTRACTS §2.3); the three
 * inputs share these members, and those without a status or modification time leave them null.
 */
public record ListRequest(String nameContains, String statusEquals, Instant creationTimeAfter,
                          Instant creationTimeBefore, Instant lastModifiedTimeAfter, Instant lastModifiedTimeBefore,
                          String sortBy, String sortOrder, String nextToken, Integer maxResults) {
    public void validate(List<String> sortKeys, List<String> statuses) {
        Validator v = Validator.create();
        v.range("maxResults", maxResults, 1, 100);
        v.length("nameContains", nameContains, 0, 63).pattern("nameContains", nameContains, "[a-zA-Z0-9-]+");
        v.oneOf("statusEquals", statusEquals, statuses);
        v.oneOf("sortBy", sortBy, sortKeys);
        v.oneOf("sortOrder", sortOrder, List.of("Ascending", "Descending"));
        v.length("nextToken", nextToken, 0, 8192);
        v.throwIfInvalid();
    }
}
