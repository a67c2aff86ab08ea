package dev.sagebox.jobs;

import dev.sagebox.aws.Region;
import dev.sagebox.state.JobTable;
import dev.sagebox.state.StateStore;
import dev.sagebox.state.StoredJson;
import dev.sagebox.tags.Tag;
import dev.sagebox.tags.Tags;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One job kind's records in its {@link JobTable}, each call one transaction: the spec as JSON, the state as JSON, and
 * the columns lists filter on. A job kind says only what differs: its shared columns, its changing state and how a
 * row becomes its record again. Rows are never deleted, so failed jobs stay readable.
 *
 * @param <J> the job kind's record
 */
public abstract class JobRecords<J> {
    /**
     * What every job kind stores alike: who the job is, what lists filter and sort it by, and its create request
     * ({@code spec}, written once).
     */
    public record Columns(Region region, String name, String arn, String status, Instant creationTime,
                          Instant lastModifiedTime, Object spec) {
    }

    private final StateStore state;
    private final JobTable table;

    protected JobRecords(StateStore state, String table) {
        this.state = state;
        this.table = new JobTable(table);
    }

    protected abstract Columns columns(J job);

    /** The part of the job that changes after create, as a record stored as JSON. */
    protected abstract Object changing(J job);

    /** The job again from its stored row. */
    protected abstract J job(JobTable.Row row);

    /** Inserts a new job and its tags; returns the existing job's ARN instead when the name is taken. */
    public Optional<String> insert(J job, List<Tag> tags) {
        Columns c = columns(job);
        return state.write(connection -> {
            Optional<String> taken = table.insertUnlessTaken(connection, new JobTable.NewRow(c.region().name(),
                    c.name(), c.arn(), c.status(), c.creationTime().toEpochMilli(), c.lastModifiedTime().toEpochMilli(),
                    StoredJson.write(c.spec()), StoredJson.write(changing(job))));
            if (taken.isEmpty()) {
                Tags.put(connection, c.arn(), tags);
            }
            return taken;
        });
    }

    /** Stores a job's new state: one transaction per change. */
    public void update(J job) {
        state.write(connection -> {
            update(connection, job);
            return null;
        });
    }

    /** Stores a job's new state inside the caller's transaction, for a kind that writes more with it. */
    protected void update(Connection connection, J job) throws SQLException {
        Columns c = columns(job);
        table.update(connection, c.arn(), c.status(), c.lastModifiedTime().toEpochMilli(),
                StoredJson.write(changing(job)));
    }

    public Optional<J> find(Region region, String name) {
        return state.read(connection -> table.find(connection, region.name(), name).map(this::job));
    }

    public Optional<J> findArn(String arn) {
        return state.read(connection -> table.findArn(connection, arn).map(this::job));
    }

    public boolean existsArn(String arn) {
        return state.read(connection -> table.existsArn(connection, arn));
    }

    /** Every job of a region, or of all regions when {@code region} is null (restart recovery). */
    public List<J> all(Region region) {
        return state.read(connection -> table.all(connection, region == null ? null : region.name()).stream()
                .map(this::job).toList());
    }

    /** The store, for a kind's own tables written or read beside its jobs. */
    protected StateStore state() {
        return state;
    }
}
