package dev.sagebox.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One job kind's table, shaped alike for every kind: {@code (region, name_key, name, arn, status, creation_time,
 * last_modified_time, spec, state)} with the spec and state as JSON. Names are unique per region ignoring case
 * ({@code name_key} is the lower-cased name), while rows keep the original spelling. Each call runs inside the
 * caller's transaction.
 */
public final class JobTable {
    /** A row as stored: the job kind turns spec and state back into its record. */
    public record Row(String region, String arn, long creationTime, String spec, String state) {
    }

    /** What an insert writes. */
    public record NewRow(String region, String name, String arn, String status, long creationTime,
                         long lastModifiedTime, String spec, String state) {
    }

    private final String table;

    /** @param table the table's name, a constant of the job kind's store (never user input) */
    public JobTable(String table) {
        this.table = table;
    }

    /** Inserts the row unless its name is taken in its region; then returns the existing job's ARN instead. */
    public Optional<String> insertUnlessTaken(Connection connection, NewRow row) throws SQLException {
        Optional<Row> existing = find(connection, row.region(), row.name());
        if (existing.isPresent()) {
            return Optional.of(existing.get().arn());
        }
        insert(connection, row);
        return Optional.empty();
    }

    private void insert(Connection connection, NewRow row) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (region, name_key,"
                + " name, arn, status, creation_time, last_modified_time, spec, state)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.region());
            insert.setString(2, key(row.name()));
            insert.setString(3, row.name());
            insert.setString(4, row.arn());
            insert.setString(5, row.status());
            insert.setLong(6, row.creationTime());
            insert.setLong(7, row.lastModifiedTime());
            insert.setString(8, row.spec());
            insert.setString(9, row.state());
            insert.executeUpdate();
        }
    }

    /** Stores a job's new state; the spec never changes after create. */
    public void update(Connection connection, String arn, String status, long lastModifiedTime, String state)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                + " SET status = ?, last_modified_time = ?, state = ? WHERE arn = ?")) {
            update.setString(1, status);
            update.setLong(2, lastModifiedTime);
            update.setString(3, state);
            update.setString(4, arn);
            update.executeUpdate();
        }
    }

    public Optional<Row> find(Connection connection, String region, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(select() + " WHERE region = ? AND name_key = ?")) {
            query.setString(1, region);
            query.setString(2, key(name));
            List<Row> rows = rows(query);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    public Optional<Row> findArn(Connection connection, String arn) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(select() + " WHERE arn = ?")) {
            query.setString(1, arn);
            List<Row> rows = rows(query);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    public boolean existsArn(Connection connection, String arn) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE arn = ?")) {
            query.setString(1, arn);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Every row of a region, or of all regions when {@code region} is null (restart recovery). */
    public List<Row> all(Connection connection, String region) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(select()
                + (region == null ? "" : " WHERE region = ?"))) {
            if (region != null) {
                query.setString(1, region);
            }
            return rows(query);
        }
    }

    private String select() {
        return "SELECT region, arn, creation_time, spec, state FROM " + table;
    }

    private static List<Row> rows(PreparedStatement query) throws SQLException {
        List<Row> found = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                found.add(new Row(rows.getString("region"), rows.getString("arn"), rows.getLong("creation_time"),
                        rows.getString("spec"), rows.getString("state")));
            }
        }
        return found;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
