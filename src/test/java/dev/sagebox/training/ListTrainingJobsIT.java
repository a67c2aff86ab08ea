package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ListTrainingJobsRequest;
import software.amazon.awssdk.services.sagemaker.model.ListTrainingJobsResponse;
import software.amazon.awssdk.services.sagemaker.model.SortBy;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobSummary;

/** ListTrainingJobs over 25 jobs: filter, then sort, then page, with the token omitted on the last page. */
class ListTrainingJobsIT {
    private static TestServer server;
    private static SageMakerClient sm;
    private static Instant afterTenth;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sagebox.training.launch", "false"));
        sm = server.sageMaker();
        for (int i = 1; i <= 25; i++) {
            String name = (i % 2 == 0 ? "even-" : "odd-") + String.format("%02d", i);
            sm.createTrainingJob(TrainingRequests.valid(name).build());
            if (i == 10) {
                afterTenth = sm.describeTrainingJob(b -> b.trainingJobName(name)).creationTime();
            }
        }
        sm.stopTrainingJob(b -> b.trainingJobName("odd-03"));
        sm.stopTrainingJob(b -> b.trainingJobName("even-04"));
    }

    @AfterAll
    static void stop() throws Exception {
        sm.close();
        server.close();
        server.delete();
    }

    @Test
    void listTrainingJobs_defaults_newestFirstTenPerPageAndNoTokenOnLastPage() {
        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ListTrainingJobsResponse page = sm.listTrainingJobs(ListTrainingJobsRequest.builder().nextToken(token)
                    .build());
            assertThat(page.trainingJobSummaries()).hasSizeLessThanOrEqualTo(10).isNotEmpty();
            page.trainingJobSummaries().forEach(s -> names.add(s.trainingJobName()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(names).hasSize(25).startsWith("odd-25", "even-24").endsWith("even-02", "odd-01");
    }

    @Test
    void listTrainingJobs_paginator_walksEveryJobOnce() {
        List<String> names = sm.listTrainingJobsPaginator(b -> b.maxResults(7)).trainingJobSummaries().stream()
                .map(TrainingJobSummary::trainingJobName).toList();
        assertThat(names).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void listTrainingJobs_exactMultipleOfPageSize_omitsTokenOnLastPage() {
        ListTrainingJobsResponse page = sm.listTrainingJobs(b -> b.nameContains("ODD").maxResults(13));
        assertThat(page.trainingJobSummaries()).hasSize(13);
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void listTrainingJobs_nameContainsAndSortByNameAscending_filtersIgnoringCase() {
        ListTrainingJobsResponse page = sm.listTrainingJobs(b -> b.nameContains("EVEN").sortBy(SortBy.NAME)
                .sortOrder(SortOrder.ASCENDING).maxResults(100));
        assertThat(page.trainingJobSummaries()).extracting(TrainingJobSummary::trainingJobName)
                .hasSize(12).isSorted().first().isEqualTo("even-02");
    }

    @Test
    void listTrainingJobs_statusEquals_returnsOnlyThatStatus() {
        ListTrainingJobsResponse page = sm.listTrainingJobs(b -> b.statusEquals("Stopped"));
        assertThat(page.trainingJobSummaries()).extracting(TrainingJobSummary::trainingJobName)
                .containsExactly("even-04", "odd-03");
        assertThat(page.trainingJobSummaries().getFirst().trainingEndTime()).isNotNull();
        assertThat(page.trainingJobSummaries().getFirst().secondaryStatusAsString()).isEqualTo("Stopped");
    }

    @Test
    void listTrainingJobs_sortByStatus_groupsStatuses() {
        ListTrainingJobsResponse page = sm.listTrainingJobs(b -> b.sortBy(SortBy.STATUS)
                .sortOrder(SortOrder.ASCENDING).maxResults(100));
        assertThat(page.trainingJobSummaries()).extracting(TrainingJobSummary::trainingJobStatusAsString)
                .isSorted().endsWith("Stopped", "Stopped");
    }

    @Test
    void listTrainingJobs_creationTimeAfter_isStrict() {
        ListTrainingJobsResponse page = sm.listTrainingJobs(b -> b.creationTimeAfter(afterTenth).maxResults(100));
        assertThat(page.trainingJobSummaries()).extracting(TrainingJobSummary::trainingJobName)
                .hasSize(15).doesNotContain("even-10");
        ListTrainingJobsResponse before = sm.listTrainingJobs(b -> b.creationTimeBefore(afterTenth)
                .maxResults(100));
        assertThat(before.trainingJobSummaries()).hasSize(9);
    }

    @Test
    void listTrainingJobs_maxResultsOutOfRange_isValidationException() {
        assertThatThrownBy(() -> sm.listTrainingJobs(b -> b.maxResults(101)))
                .hasMessageStartingWith("1 validation error detected: Value '101' at 'maxResults' failed to "
                        + "satisfy constraint: Member must have value less than or equal to 100");
    }
}
