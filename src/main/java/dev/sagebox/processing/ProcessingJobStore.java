package dev.sagebox.processing;

import dev.sagebox.aws.Region;
import dev.sagebox.jobs.JobRecords;
import dev.sagebox.processing.api.CreateProcessingJobRequest;
import dev.sagebox.state.JobTable;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.state.StoredJson;
import java.time.Instant;
import java.util.List;

/** Processing jobs in SQLite, stored as every job kind is ({@link JobRecords}). */
final class ProcessingJobStore extends JobRecords<ProcessingJob> {
    static final Schema SCHEMA = new Schema("processing", List.of("""
            CREATE TABLE processing_jobs (region TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL,
                arn TEXT NOT NULL UNIQUE, status TEXT NOT NULL, creation_time INTEGER NOT NULL,
                last_modified_time INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (region, name_key));
            """));

    /** The mutable part of a job as stored; the spec never changes after create. */
    private record State(String status, Instant lastModifiedTime, Instant processingStartTime,
                         Instant processingEndTime, String exitMessage, String failureReason) {
    }

    ProcessingJobStore(StateStore state) {
        super(state, "processing_jobs");
    }

    @Override
    protected Columns columns(ProcessingJob job) {
        return new Columns(job.region(), job.name(), job.arn(), job.status().wireName(), job.creationTime(),
                job.lastModifiedTime(), job.spec());
    }

    @Override
    protected ProcessingJob job(JobTable.Row row) {
        CreateProcessingJobRequest spec = StoredJson.read(row.spec(), CreateProcessingJobRequest.class);
        State s = StoredJson.read(row.state(), State.class);
        return new ProcessingJob(row.arn(), new Region(row.region()), spec, Instant.ofEpochMilli(row.creationTime()),
                ProcessingJobStatus.ofWireName(s.status()), s.lastModifiedTime(), s.processingStartTime(),
                s.processingEndTime(), s.exitMessage(), s.failureReason());
    }

    @Override
    protected Object changing(ProcessingJob job) {
        return new State(job.status().wireName(), job.lastModifiedTime(), job.processingStartTime(),
                job.processingEndTime(), job.exitMessage(), job.failureReason());
    }
}
