package dev.sagebox.training;

import dev.sagebox.aws.Validator;
import java.time.Instant;
import java.util.List;

/** ListTrainingJobs input: filters, then sort, then page (CONTRACTS §2.3). */
public record ListTrainingJobsRequest(String nextToken, Integer maxResults, Instant creationTimeAfter,
                                      Instant creationTimeBefore, Instant lastModifiedTimeAfter,
                                      Instant lastModifiedTimeBefore, String nameContains, String statusEquals,
                                      String sortBy, String sortOrder, String warmPoolStatusEquals,
                                      String trainingPlanArnEquals) {
    static final List<String> STATUSES = List.of("InProgress", "Completed", "Failed", "Stopping", "Stopped");

    void validate() {
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
