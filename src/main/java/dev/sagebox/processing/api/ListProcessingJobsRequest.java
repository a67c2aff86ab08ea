package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;
import java.time.Instant;
import java.util.List;

/** ListProcessingJobs input: filters, then sort, then page (CONTRACTS §2.3). */
public record ListProcessingJobsRequest(Instant creationTimeAfter, Instant creationTimeBefore,
                                        Instant lastModifiedTimeAfter, Instant lastModifiedTimeBefore,
                                        String nameContains, String statusEquals, String sortBy, String sortOrder,
                                        String nextToken, Integer maxResults) {
    public void validate() {
        Validator v = Validator.create();
        v.range("maxResults", maxResults, 1, 100);
        v.oneOf("statusEquals", statusEquals, List.of("InProgress", "Completed", "Failed", "Stopping", "Stopped"));
        v.oneOf("sortBy", sortBy, List.of("Name", "CreationTime", "Status"));
        v.oneOf("sortOrder", sortOrder, List.of("Ascending", "Descending"));
        v.length("nextToken", nextToken, 0, 8192);
        v.throwIfInvalid();
    }
}
