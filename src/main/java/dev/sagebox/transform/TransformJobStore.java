package dev.sagebox.transform;

import dev.sagebox.aws.Region;
import dev.sagebox.state.JobTable;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.state.StoredJson;
import dev.sagebox.tags.Tag;
import dev.sagebox.tags.Tags;
import dev.sagebox.transform.api.CreateTransformJobRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Transform jobs in SQLite, in a {@link JobTable} like every job kind: the spec as JSON, the state as JSON, and the
 * columns lists filter on. Rows are never deleted.
 */
final class TransformJobStore {
    static final Schema SCHEMA = new Schema("transform", List.of("""
            CREATE TABLE transform_jobs (region TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL,
                arn TEXT NOT NULL UNIQUE, status TEXT NOT NULL, creation_time INTEGER NOT NULL,
                last_modified_time INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (region, name_key));
            """));
    private static final JobTable TABLE = new JobTable("transform_jobs");

    /** The mutable part of a job as stored; the spec never changes after create. */
    private record State(String status, Instant lastModifiedTime, Instant transformStartTime,
                         Instant transformEndTime, String failureReason, BatchSettings settings) {
    }

    private final StateStore state;

    TransformJobStore(StateStore state) {
        this.state = state;
    }

    /** Inserts a new job and its tags; returns the existing job's ARN instead when the name is taken. */
    Optional<String> insert(TransformJob job, List<Tag> tags) {
        return state.write(connection -> {
            Optional<String> taken = TABLE.insertUnlessTaken(connection, new JobTable.NewRow(job.region().name(),
                    job.name(), job.arn(), job.status().wireName(), job.creationTime().toEpochMilli(),
                    job.lastModifiedTime().toEpochMilli(), StoredJson.write(job.spec()),
                    StoredJson.write(stateOf(job))));
            if (taken.isEmpty()) {
                Tags.put(connection, job.arn(), tags == null ? List.of() : tags);
            }
            return taken;
        });
    }

    /** Stores a job's new state in one transaction. */
    void update(TransformJob job) {
        state.write(connection -> {
            TABLE.update(connection, job.arn(), job.status().wireName(), job.lastModifiedTime().toEpochMilli(),
                    StoredJson.write(stateOf(job)));
            return null;
        });
    }

    Optional<TransformJob> find(Region region, String name) {
        return state.read(connection -> TABLE.find(connection, region.name(), name).map(TransformJobStore::job));
    }

    Optional<TransformJob> findArn(String arn) {
        return state.read(connection -> TABLE.findArn(connection, arn).map(TransformJobStore::job));
    }

    boolean existsArn(String arn) {
        return state.read(connection -> TABLE.existsArn(connection, arn));
    }

    /** Every job of a region, or of all regions when {@code region} is null (restart recovery). */
    List<TransformJob> all(Region region) {
        return state.read(connection -> TABLE.all(connection, region == null ? null : region.name()).stream()
                .map(TransformJobStore::job).toList());
    }

    private static TransformJob job(JobTable.Row row) {
        CreateTransformJobRequest spec = StoredJson.read(row.spec(), CreateTransformJobRequest.class);
        State s = StoredJson.read(row.state(), State.class);
        return new TransformJob(row.arn(), new Region(row.region()), spec, Instant.ofEpochMilli(row.creationTime()),
                TransformJobStatus.ofWireName(s.status()), s.lastModifiedTime(), s.transformStartTime(),
                s.transformEndTime(), s.failureReason(), s.settings());
    }

    private static State stateOf(TransformJob job) {
        return new State(job.status().wireName(), job.lastModifiedTime(), job.transformStartTime(),
                job.transformEndTime(), job.failureReason(), job.settings());
    }
}
