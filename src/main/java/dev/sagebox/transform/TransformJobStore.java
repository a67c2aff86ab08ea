package dev.sagebox.transform;

import dev.sagebox.aws.Region;
import dev.sagebox.jobs.JobRecords;
import dev.sagebox.state.JobTable;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.state.StoredJson;
import dev.sagebox.transform.api.CreateTransformJobRequest;
import java.time.Instant;
import java.util.List;

/** Transform jobs in SQLite, stored as every job kind is ({@link JobRecords}). */
final class TransformJobStore extends JobRecords<TransformJob> {
    static final Schema SCHEMA = new Schema("transform", List.of("""
            CREATE TABLE transform_jobs (region TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL,
                arn TEXT NOT NULL UNIQUE, status TEXT NOT NULL, creation_time INTEGER NOT NULL,
                last_modified_time INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (region, name_key));
            """));

    /** The mutable part of a job as stored; the spec never changes after create. */
    private record State(String status, Instant lastModifiedTime, Instant transformStartTime,
                         Instant transformEndTime, String failureReason, BatchSettings settings) {
    }

    TransformJobStore(StateStore state) {
        super(state, "transform_jobs");
    }

    @Override
    protected Columns columns(TransformJob job) {
        return new Columns(job.region(), job.name(), job.arn(), job.status().wireName(), job.creationTime(),
                job.lastModifiedTime(), job.spec());
    }

    @Override
    protected TransformJob job(JobTable.Row row) {
        CreateTransformJobRequest spec = StoredJson.read(row.spec(), CreateTransformJobRequest.class);
        State s = StoredJson.read(row.state(), State.class);
        return new TransformJob(row.arn(), new Region(row.region()), spec, Instant.ofEpochMilli(row.creationTime()),
                TransformJobStatus.ofWireName(s.status()), s.lastModifiedTime(), s.transformStartTime(),
                s.transformEndTime(), s.failureReason(), s.settings());
    }

    @Override
    protected Object changing(TransformJob job) {
        return new State(job.status().wireName(), job.lastModifiedTime(), job.transformStartTime(),
                job.transformEndTime(), job.failureReason(), job.settings());
    }
}
