package dev.sagebox.processing;

import dev.sagebox.aws.Region;
import dev.sagebox.processing.api.CreateProcessingJobRequest;
import dev.sagebox.state.JobTable;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.state.StoredJson;
import dev.sagebox.tags.Tag;
import dev.sagebox.tags.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Processing jobs in SQLite ({@link JobTable}): the spec as JSON, the state as JSON, and the columns lists filter on.
 * Failed jobs are kept like any other, so their reasons stay readable.
 */
final class ProcessingJobStore {
    static final Schema SCHEMA = new Schema("processing", List.of("""
            CREATE TABLE processing_jobs (region TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL,
                arn TEXT NOT NULL UNIQUE, status TEXT NOT NULL, creation_time INTEGER NOT NULL,
                last_modified_time INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (region, name_key));
            """));
    private static final JobTable TABLE = new JobTable("processing_jobs");

    /** The mutable part of a job as stored; the spec never changes after create. */
    private record State(String status, Instant lastModifiedTime, Instant processingStartTime,
                         Instant processingEndTime, String exitMessage, String failureReason) {
    }

    private final StateStore state;

    ProcessingJobStore(StateStore state) {
        this.state = state;
    }

    /** Inserts a new job and its tags; returns the existing job's ARN instead when the name is taken. */
    Optional<String> insert(ProcessingJob job, List<Tag> tags) {
        return state.write(connection -> {
            Optional<String> taken = TABLE.insertUnlessTaken(connection, new JobTable.NewRow(job.region().name(),
                    job.name(), job.arn(), job.status().wireName(), job.creationTime().toEpochMilli(),
                    job.lastModifiedTime().toEpochMilli(), StoredJson.write(job.spec()),
                    StoredJson.write(stateOf(job))));
            if (taken.isEmpty()) {
                Tags.put(connection, job.arn(), tags);
            }
            return taken;
        });
    }

    /** Stores a job's new state: one transaction per change. */
    void update(ProcessingJob job) {
        state.write(connection -> {
            TABLE.update(connection, job.arn(), job.status().wireName(), job.lastModifiedTime().toEpochMilli(),
                    StoredJson.write(stateOf(job)));
            return null;
        });
    }

    Optional<ProcessingJob> find(Region region, String name) {
        return state.read(connection -> TABLE.find(connection, region.name(), name).map(ProcessingJobStore::job));
    }

    boolean existsArn(String arn) {
        return state.read(connection -> TABLE.existsArn(connection, arn));
    }

    /** Every job of a region, or of all regions when {@code region} is null (restart recovery). */
    List<ProcessingJob> all(Region region) {
        return state.read(connection -> TABLE.all(connection, region == null ? null : region.name()).stream()
                .map(ProcessingJobStore::job).toList());
    }

    private static ProcessingJob job(JobTable.Row row) {
        CreateProcessingJobRequest spec = StoredJson.read(row.spec(), CreateProcessingJobRequest.class);
        State s = StoredJson.read(row.state(), State.class);
        return new ProcessingJob(row.arn(), new Region(row.region()), spec, Instant.ofEpochMilli(row.creationTime()),
                ProcessingJobStatus.ofWireName(s.status()), s.lastModifiedTime(), s.processingStartTime(),
                s.processingEndTime(), s.exitMessage(), s.failureReason());
    }

    private static State stateOf(ProcessingJob job) {
        return new State(job.status().wireName(), job.lastModifiedTime(), job.processingStartTime(),
                job.processingEndTime(), job.exitMessage(), job.failureReason());
    }
}
