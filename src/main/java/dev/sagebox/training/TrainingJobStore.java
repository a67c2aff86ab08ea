package dev.sagebox.training;

import dev.sagebox.aws.Region;
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
 * Training jobs in SQLite: the spec as JSON, the state as JSON, and the columns lists filter on. Names are unique per
 * region ignoring case ({@code name_key} is the lower-cased name), while rows keep the original spelling.
 */
final class TrainingJobStore {
    static final Schema SCHEMA = new Schema("training", List.of("""
            CREATE TABLE training_jobs (region TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL,
                arn TEXT NOT NULL UNIQUE, status TEXT NOT NULL, creation_time INTEGER NOT NULL,
                last_modified_time INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (region, name_key));
            """, """
            CREATE TABLE training_metric_points (arn TEXT NOT NULL, metric_name TEXT NOT NULL,
                timestamp INTEGER NOT NULL, value REAL NOT NULL);
            CREATE INDEX training_metric_points_by_job ON training_metric_points (arn, metric_name, timestamp);
            """));

    /** The mutable part of a job as stored; the spec never changes after create. */
    private record State(String status, String secondaryStatus, List<SecondaryStatusTransition> transitions,
                         Instant lastModifiedTime, Instant trainingStartTime, Instant trainingEndTime,
                         String failureReason, List<MetricData> finalMetrics, String modelArtifacts) {
    }

    private final StateStore state;

    TrainingJobStore(StateStore state) {
        this.state = state;
    }

    /** Inserts a new job and its tags; returns the existing job's ARN instead when the name is taken. */
    Optional<String> insert(TrainingJob job, List<Tag> tags) {
        return state.write(connection -> {
            Optional<TrainingJob> existing = find(connection, job.region(), job.name());
            if (existing.isPresent()) {
                return Optional.of(existing.get().arn());
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO training_jobs (region, name_key, name, arn, status, creation_time,
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

    /** Stores a job's final metrics together with every value its metric regexes matched while it ran. */
    void updateWithSeries(TrainingJob job, List<MetricData> series) {
        state.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO training_metric_points (arn, metric_name, timestamp, value) VALUES (?, ?, ?, ?)""")) {
                for (MetricData point : series) {
                    insert.setString(1, job.arn());
                    insert.setString(2, point.metricName());
                    insert.setLong(3, point.timestamp().toEpochMilli());
                    insert.setDouble(4, point.value());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            update(connection, job);
            return null;
        });
    }

    /** Every recorded value of a job's metrics, by metric name then time. */
    List<MetricData> metricSeries(String arn) {
        return state.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT metric_name, timestamp, value FROM training_metric_points WHERE arn = ?
                    ORDER BY metric_name, timestamp, rowid""")) {
                query.setString(1, arn);
                List<MetricData> points = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        points.add(new MetricData(rows.getString(1), rows.getDouble(3),
                                Instant.ofEpochMilli(rows.getLong(2))));
                    }
                }
                return points;
            }
        });
    }

    /** Stores a job's new state: one transaction per change, written only by the job's runner. */
    void update(TrainingJob job) {
        state.write(connection -> {
            update(connection, job);
            return null;
        });
    }

    private static void update(Connection connection, TrainingJob job) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE training_jobs SET status = ?, last_modified_time = ?, state = ? WHERE arn = ?""")) {
            update.setString(1, job.status().wireName());
            update.setLong(2, job.lastModifiedTime().toEpochMilli());
            update.setString(3, StoredJson.write(stateOf(job)));
            update.setString(4, job.arn());
            update.executeUpdate();
        }
    }

    Optional<TrainingJob> find(Region region, String name) {
        return state.read(connection -> find(connection, region, name));
    }

    boolean existsArn(String arn) {
        return state.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM training_jobs WHERE arn = ?")) {
                query.setString(1, arn);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** Every job of a region, or of all regions when {@code region} is null (restart recovery). */
    List<TrainingJob> all(Region region) {
        return state.read(connection -> {
            String sql = "SELECT region, arn, creation_time, spec, state FROM training_jobs"
                    + (region == null ? "" : " WHERE region = ?");
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (region != null) {
                    query.setString(1, region.name());
                }
                try (ResultSet rows = query.executeQuery()) {
                    List<TrainingJob> jobs = new ArrayList<>();
                    while (rows.next()) {
                        jobs.add(job(rows));
                    }
                    return jobs;
                }
            }
        });
    }

    private static Optional<TrainingJob> find(Connection connection, Region region, String name)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT region, arn, creation_time, spec, state FROM training_jobs
                WHERE region = ? AND name_key = ?""")) {
            query.setString(1, region.name());
            query.setString(2, key(name));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(job(rows)) : Optional.empty();
            }
        }
    }

    private static TrainingJob job(ResultSet rows) throws SQLException {
        CreateTrainingJobRequest spec = StoredJson.read(rows.getString("spec"), CreateTrainingJobRequest.class);
        State s = StoredJson.read(rows.getString("state"), State.class);
        return new TrainingJob(rows.getString("arn"), new Region(rows.getString("region")), spec,
                Instant.ofEpochMilli(rows.getLong("creation_time")), TrainingJobStatus.ofWireName(s.status()),
                SecondaryStatus.valueOf(s.secondaryStatus()), s.transitions() == null ? List.of() : s.transitions(),
                s.lastModifiedTime(), s.trainingStartTime(), s.trainingEndTime(), s.failureReason(),
                s.finalMetrics() == null ? List.of() : s.finalMetrics(), s.modelArtifacts());
    }

    private static State stateOf(TrainingJob job) {
        return new State(job.status().wireName(), job.secondaryStatus().name(), job.transitions(),
                job.lastModifiedTime(), job.trainingStartTime(), job.trainingEndTime(), job.failureReason(),
                job.finalMetrics(), job.modelArtifacts());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
