package dev.sagebox.training;

import dev.sagebox.aws.Region;
import dev.sagebox.state.JobTable;
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

    private static final JobTable TABLE = new JobTable("training_jobs");

    private final StateStore state;

    TrainingJobStore(StateStore state) {
        this.state = state;
    }

    /** Inserts a new job and its tags; returns the existing job's ARN instead when the name is taken. */
    Optional<String> insert(TrainingJob job, List<Tag> tags) {
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
        TABLE.update(connection, job.arn(), job.status().wireName(), job.lastModifiedTime().toEpochMilli(),
                StoredJson.write(stateOf(job)));
    }

    Optional<TrainingJob> find(Region region, String name) {
        return state.read(connection -> TABLE.find(connection, region.name(), name).map(TrainingJobStore::job));
    }

    boolean existsArn(String arn) {
        return state.read(connection -> TABLE.existsArn(connection, arn));
    }

    /** Every job of a region, or of all regions when {@code region} is null (restart recovery). */
    List<TrainingJob> all(Region region) {
        return state.read(connection -> TABLE.all(connection, region == null ? null : region.name()).stream()
                .map(TrainingJobStore::job).toList());
    }

    private static TrainingJob job(JobTable.Row row) {
        CreateTrainingJobRequest spec = StoredJson.read(row.spec(), CreateTrainingJobRequest.class);
        State s = StoredJson.read(row.state(), State.class);
        return new TrainingJob(row.arn(), new Region(row.region()), spec, Instant.ofEpochMilli(row.creationTime()),
                TrainingJobStatus.ofWireName(s.status()), SecondaryStatus.valueOf(s.secondaryStatus()),
                s.transitions() == null ? List.of() : s.transitions(), s.lastModifiedTime(), s.trainingStartTime(),
                s.trainingEndTime(), s.failureReason(), s.finalMetrics() == null ? List.of() : s.finalMetrics(),
                s.modelArtifacts());
    }

    private static State stateOf(TrainingJob job) {
        return new State(job.status().wireName(), job.secondaryStatus().name(), job.transitions(),
                job.lastModifiedTime(), job.trainingStartTime(), job.trainingEndTime(), job.failureReason(),
                job.finalMetrics(), job.modelArtifacts());
    }
}
