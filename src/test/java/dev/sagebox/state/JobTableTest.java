package dev.sagebox.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job kind's table on a real SQLite file: names unique per region ignoring case, original spelling kept. */
class JobTableTest {
    private static final Schema SCHEMA = new Schema("test-jobs", List.of("""
            CREATE TABLE test_jobs (region TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL,
                arn TEXT NOT NULL UNIQUE, status TEXT NOT NULL, creation_time INTEGER NOT NULL,
                last_modified_time INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (region, name_key));
            """));
    private static final JobTable TABLE = new JobTable("test_jobs");

    @TempDir
    Path dir;

    private static JobTable.NewRow row(String region, String name) {
        return new JobTable.NewRow(region, name, "arn:" + region + ":" + name.toLowerCase(java.util.Locale.ROOT),
                "InProgress", 1, 1, "{}", "{\"s\":1}");
    }

    @Test
    void insertUnlessTaken_sameNameOtherCase_returnsTheExistingArn_butOtherRegionsAreFree() {
        try (StateStore state = StateStore.open(dir, List.of(SCHEMA))) {
            Optional<String> first = state.write(c -> TABLE.insertUnlessTaken(c, row("us-east-1", "Prep")));
            Optional<String> again = state.write(c -> TABLE.insertUnlessTaken(c, row("us-east-1", "PREP")));
            Optional<String> elsewhere = state.write(c -> TABLE.insertUnlessTaken(c, row("eu-west-1", "prep")));
            List<JobTable.Row> east = state.read(c -> TABLE.all(c, "us-east-1"));
            List<JobTable.Row> all = state.read(c -> TABLE.all(c, null));

            assertThat(first).isEmpty();
            assertThat(again).contains("arn:us-east-1:prep");
            assertThat(elsewhere).isEmpty();
            assertThat(east).extracting(JobTable.Row::arn).containsExactly("arn:us-east-1:prep");
            assertThat(all).hasSize(2);
        }
    }

    @Test
    void update_replacesStatusAndState_andSurvivesReopening() {
        try (StateStore state = StateStore.open(dir, List.of(SCHEMA))) {
            state.write(c -> TABLE.insertUnlessTaken(c, row("us-east-1", "job")));
            state.write(c -> {
                TABLE.update(c, "arn:us-east-1:job", "Completed", 2, "{\"s\":2}");
                return null;
            });
        }
        try (StateStore reopened = StateStore.open(dir, List.of(SCHEMA))) {
            Optional<JobTable.Row> found = reopened.read(c -> TABLE.find(c, "us-east-1", "JOB"));
            boolean exists = reopened.read(c -> TABLE.existsArn(c, "arn:us-east-1:job"));
            boolean other = reopened.read(c -> TABLE.existsArn(c, "arn:us-east-1:other"));

            assertThat(found).hasValueSatisfying(r -> {
                assertThat(r.state()).isEqualTo("{\"s\":2}");
                assertThat(r.creationTime()).isEqualTo(1);
            });
            assertThat(exists).isTrue();
            assertThat(other).isFalse();
        }
    }
}
