package dev.sagebox.transform.api;

import dev.sagebox.aws.Validator;
import java.time.Instant;
import java.util.List;

/** ListTransformJobs input: filters, then sort, then page (CONTRACTS §2.3). */
public record ListTransformJobsRequest(Instant creationTimeAfter, Instant creationTimeBefore,
                                       Instant lastModifiedTimeAfter, Instant lastModifiedTimeBefore,
                                       String nameContains, String statusEquals, String sortBy, String sortOrder,
                                       String nextToken, Integer maxResults) {
    public static final List<String> STATUSES = List.of("InProgress", "Completed", "Failed", "Stopping", "Stopped");

    public void validate() {
        Validator v = Validator.create();
        v.range("maxResults", maxResults, 1, 100);
        v.length("nameContains", nameContains, 0, 63).pattern("nameContains", nameContains, "[a-zA-Z0-9\\-]+");
        v.oneOf("statusEquals", statusEquals, STATUSES);
        v.oneOf("sortBy", sortBy, List.of("Name", "CreationTime", "Status"));
        v.oneOf("sortOrder", sortOrder, List.of("Ascending", "Descending"));
        v.length("nextToken", nextToken, 0, 8192);
        v.throwIfInvalid();
    }
}
