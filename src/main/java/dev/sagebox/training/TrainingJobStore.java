package dev.sagebox.training;

import dev.sagebox.aws.Region;
import dev.sagebox.jobs.JobRecords;
import dev.sagebox.state.JobTable;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.state.StoredJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Training jobs in SQLite, stored as every job kind is ({@link JobRecords}), with the values their metric regexes
 * matched beside them.
 */
final class TrainingJobStore extends JobRecords<TrainingJob> {
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

    TrainingJobStore(StateStore state) {
        super(state, "training_jobs");
    }

    @Override
    protected Columns columns(TrainingJob job) {
        return new Columns(job.region(), job.name(), job.arn(), job.status().wireName(), job.creationTime(),
                job.lastModifiedTime(), job.spec());
    }

    /** Stores a job's final metrics together with every value its metric regexes matched while it ran. */
    void updateWithSeries(TrainingJob job, List<MetricData> series) {
        state().write(connection -> {
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
        return state().read(connection -> {
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

    @Override
    protected TrainingJob job(JobTable.Row row) {
        CreateTrainingJobRequest spec = StoredJson.read(row.spec(), CreateTrainingJobRequest.class);
        State s = StoredJson.read(row.state(), State.class);
        return new TrainingJob(row.arn(), new Region(row.region()), spec, Instant.ofEpochMilli(row.creationTime()),
                TrainingJobStatus.ofWireName(s.status()), SecondaryStatus.valueOf(s.secondaryStatus()),
                s.transitions() == null ? List.of() : s.transitions(), s.lastModifiedTime(), s.trainingStartTime(),
                s.trainingEndTime(), s.failureReason(), s.finalMetrics() == null ? List.of() : s.finalMetrics(),
                s.modelArtifacts());
    }

    @Override
    protected Object changing(TrainingJob job) {
        return new State(job.status().wireName(), job.secondaryStatus().name(), job.transitions(),
                job.lastModifiedTime(), job.trainingStartTime(), job.trainingEndTime(), job.failureReason(),
                job.finalMetrics(), job.modelArtifacts());
    }
}
