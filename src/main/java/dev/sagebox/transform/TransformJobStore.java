package dev.sagebox.transform;

import dev.sagebox.aws.Region;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.state.StoredJson;
import dev.sagebox.tags.Tag;
import dev.sagebox.tags.Tags;
import dev.sagebox.transform.api.CreateTransformJobRequest;
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
 * Transform jobs in SQLite: the spec as JSON, the state as JSON, and the columns lists filter on. Names are unique per
 * region ignoring case ({@code name_key}), while rows keep the original spelling. Rows are never deleted.
 */
final class TransformJobStore {
    static final Schema SCHEMA = new Schema("transform", List.of("""
            CREATE TABLE transform_jobs (region TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL,
                arn TEXT NOT NULL UNIQUE, status TEXT NOT NULL, creation_time INTEGER NOT NULL,
                last_modified_time INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (region, name_key));
            """));
    private static final String COLUMNS = "region, arn, creation_time, spec, state";

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
            Optional<TransformJob> existing = find(connection, job.region(), job.name());
            if (existing.isPresent()) {
                return Optional.of(existing.get().arn());
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO transform_jobs (region, name_key, name, arn, status, creation_time,
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
            Tags.put(connection, job.arn(), tags == null ? List.of() : tags);
            return Optional.<String>empty();
        });
    }

    /** Stores a job's new state in one transaction. */
    void update(TransformJob job) {
        state.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE transform_jobs SET status = ?, last_modified_time = ?, state = ? WHERE arn = ?""")) {
                update.setString(1, job.status().wireName());
                update.setLong(2, job.lastModifiedTime().toEpochMilli());
                update.setString(3, StoredJson.write(stateOf(job)));
                update.setString(4, job.arn());
                update.executeUpdate();
            }
            return null;
        });
    }

    Optional<TransformJob> find(Region region, String name) {
        return state.read(connection -> find(connection, region, name));
    }

    Optional<TransformJob> findArn(String arn) {
        return state.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM transform_jobs WHERE arn = ?")) {
                query.setString(1, arn);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(job(rows)) : Optional.empty();
                }
            }
        });
    }

    boolean existsArn(String arn) {
        return findArn(arn).isPresent();
    }

    /** Every job of a region, or of all regions when {@code region} is null (restart recovery). */
    List<TransformJob> all(Region region) {
        return state.read(connection -> {
            String sql = "SELECT " + COLUMNS + " FROM transform_jobs" + (region == null ? "" : " WHERE region = ?");
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (region != null) {
                    query.setString(1, region.name());
                }
                try (ResultSet rows = query.executeQuery()) {
                    List<TransformJob> jobs = new ArrayList<>();
                    while (rows.next()) {
                        jobs.add(job(rows));
                    }
                    return jobs;
                }
            }
        });
    }

    private static Optional<TransformJob> find(Connection connection, Region region, String name)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM transform_jobs WHERE region = ? AND name_key = ?")) {
            query.setString(1, region.name());
            query.setString(2, key(name));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(job(rows)) : Optional.empty();
            }
        }
    }

    private static TransformJob job(ResultSet rows) throws SQLException {
        CreateTransformJobRequest spec = StoredJson.read(rows.getString("spec"), CreateTransformJobRequest.class);
        State s = StoredJson.read(rows.getString("state"), State.class);
        return new TransformJob(rows.getString("arn"), new Region(rows.getString("region")), spec,
                Instant.ofEpochMilli(rows.getLong("creation_time")), TransformJobStatus.ofWireName(s.status()),
                s.lastModifiedTime(), s.transformStartTime(), s.transformEndTime(), s.failureReason(), s.settings());
    }

    private static State stateOf(TransformJob job) {
        return new State(job.status().wireName(), job.lastModifiedTime(), job.transformStartTime(),
                job.transformEndTime(), job.failureReason(), job.settings());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
