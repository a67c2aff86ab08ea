package dev.sagebox.processing;

import dev.sagebox.aws.Region;
import dev.sagebox.processing.api.CreateProcessingJobRequest;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.state.StoredJson;
import dev.sagebox.tags.Tag;
import dev.sagebox.tags.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Processing jobs in SQLite: the spec as JSON, the state as JSON, and the columns lists filter on. Names are unique per
 * region ignoring case ({@code name_key} is the lower-cased name), while rows keep the original spelling. Failed jobs
 * are kept like any other, so their reasons stay readable.
 */
final class ProcessingJobStore {
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

    private static final String COLUMNS = "SELECT region, arn, creation_time, spec, state FROM processing_jobs";

    private final StateStore state;

    ProcessingJobStore(StateStore state) {
        this.state = state;
    }

    /** Inserts a new job and its tags; returns the existing job's ARN instead when the name is taken. */
    Optional<String> insert(ProcessingJob job, List<Tag> tags) {
        return state.write(connection -> {
            Optional<ProcessingJob> existing = find(connection, job.region(), job.name());
            if (existing.isPresent()) {
                return Optional.of(existing.get().arn());
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processing_jobs (region, name_key, name, arn, status, creation_time,
                        last_modified_time, spec, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, job.region().name());
                insert.setString(2, key(job.name()));
                insert.setString(3, job.name());
                insert.setString(4, job.arn());
                insert.setString(5, job.status().wireName());
                insert.setLong(6, job.creationTime().toEpochMilli());
                insert.setLong(7, job.lastModifiedTime().toEpochMilli());
                insert.setString(8, StoredJson.write(job.spec()));
                insert.setString(9, StoredJson.write(stateOf(job)));
                insert.executeUpdate();
            }
            Tags.put(connection, job.arn(), tags);
            return Optional.<String>empty();
        });
    }

    /** Stores a job's new state: one transaction per change. */
    void update(ProcessingJob job) {
        state.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE processing_jobs SET status = ?, last_modified_time = ?, state = ? WHERE arn = ?""")) {
                update.setString(1, job.status().wireName());
                update.setLong(2, job.lastModifiedTime().toEpochMilli());
                update.setString(3, StoredJson.write(stateOf(job)));
                update.setString(4, job.arn());
                update.executeUpdate();
            }
            return null;
        });
    }

    Optional<ProcessingJob> find(Region region, String name) {
        return state.read(connection -> find(connection, region, name));
    }

    boolean existsArn(String arn) {
        return state.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM processing_jobs WHERE arn = ?")) {
                query.setString(1, arn);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** Every job of a region, or of all regions when {@code region} is null (restart recovery). */
    List<ProcessingJob> all(Region region) {
        return state.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(COLUMNS
                    + (region == null ? "" : " WHERE region = ?"))) {
                if (region != null) {
                    query.setString(1, region.name());
                }
                try (ResultSet rows = query.executeQuery()) {
                    List<ProcessingJob> jobs = new ArrayList<>();
                    while (rows.next()) {
                        jobs.add(job(rows));
                    }
                    return jobs;
                }
            }
        });
    }

    private static Optional<ProcessingJob> find(Connection connection, Region region, String name)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(COLUMNS + " WHERE region = ? AND name_key = ?")) {
            query.setString(1, region.name());
            query.setString(2, key(name));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(job(rows)) : Optional.empty();
            }
        }
    }

    private static ProcessingJob job(ResultSet rows) throws SQLException {
        CreateProcessingJobRequest spec = StoredJson.read(rows.getString("spec"), CreateProcessingJobRequest.class);
        State s = StoredJson.read(rows.getString("state"), State.class);
        return new ProcessingJob(rows.getString("arn"), new Region(rows.getString("region")), spec,
                Instant.ofEpochMilli(rows.getLong("creation_time")), ProcessingJobStatus.ofWireName(s.status()),
                s.lastModifiedTime(), s.processingStartTime(), s.processingEndTime(), s.exitMessage(),
                s.failureReason());
    }

    private static State stateOf(ProcessingJob job) {
        return new State(job.status().wireName(), job.lastModifiedTime(), job.processingStartTime(),
                job.processingEndTime(), job.exitMessage(), job.failureReason());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
