package dev.sagebox.logs;

import dev.sagebox.aws.LogsError;
import dev.sagebox.aws.Region;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Log groups, streams and events in the state database. Events carry a per-stream sequence number in arrival order:
 * it is the position GetLogEvents tokens point at, and the order every read returns.
 */
final class LogStore {
    static final Schema SCHEMA = new Schema("logs", List.of("""
            CREATE TABLE log_groups (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                creation_time INTEGER NOT NULL,
                UNIQUE (region, name));
            CREATE TABLE log_streams (
                id INTEGER PRIMARY KEY,
                group_id INTEGER NOT NULL REFERENCES log_groups (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                creation_time INTEGER NOT NULL,
                first_event_timestamp INTEGER,
                last_event_timestamp INTEGER,
                last_ingestion_time INTEGER,
                stored_bytes INTEGER NOT NULL DEFAULT 0,
                next_sequence INTEGER NOT NULL DEFAULT 0,
                UNIQUE (group_id, name));
            CREATE TABLE log_events (
                stream_id INTEGER NOT NULL REFERENCES log_streams (id) ON DELETE CASCADE,
                sequence INTEGER NOT NULL,
                timestamp INTEGER NOT NULL,
                ingestion_time INTEGER NOT NULL,
                message TEXT NOT NULL,
                PRIMARY KEY (stream_id, sequence)) WITHOUT ROWID;
            CREATE INDEX log_events_by_time ON log_events (timestamp, stream_id, sequence);
            """));

    /** A log group with the bytes its streams hold. */
    record Group(long id, String name, long creationTime, long storedBytes) {
    }

    /** A log stream; the event times are null until its first event. */
    record Stream(long id, String name, long creationTime, Long firstEventTimestamp, Long lastEventTimestamp,
                  Long lastIngestionTime, long storedBytes, long nextSequence) {
    }

    /** An event to store: when it was received or stamped by the client, and its text. */
    record NewEvent(long timestamp, String message) {
    }

    /** A stored event. */
    record Event(long streamId, long sequence, long timestamp, long ingestionTime, String message) {
    }

    private final StateStore state;

    LogStore(StateStore state) {
        this.state = state;
    }

    StateStore state() {
        return state;
    }

    void createGroup(Region region, String name, long creationTime) {
        state.write(connection -> {
            if (findGroup(connection, region, name).isPresent()) {
                throw LogsError.RESOURCE_ALREADY_EXISTS.exception("The specified log group already exists");
            }
            update(connection, "INSERT INTO log_groups (region, name, creation_time) VALUES (?, ?, ?)",
                    region.name(), name, creationTime);
            return null;
        });
    }

    void deleteGroup(Region region, String name) {
        state.write(connection -> {
            if (update(connection, "DELETE FROM log_groups WHERE region = ? AND name = ?", region.name(), name) == 0) {
                throw LogsError.noSuchLogGroup();
            }
            return null;
        });
    }

    void createStream(Region region, String groupName, String name, long creationTime) {
        state.write(connection -> {
            Group group = requireGroup(connection, region, groupName);
            if (findStream(connection, group.id(), name).isPresent()) {
                throw LogsError.RESOURCE_ALREADY_EXISTS.exception("The specified log stream already exists");
            }
            update(connection, "INSERT INTO log_streams (group_id, name, creation_time) VALUES (?, ?, ?)",
                    group.id(), name, creationTime);
            return null;
        });
    }

    void deleteStream(Region region, String groupName, String name) {
        state.write(connection -> {
            Group group = requireGroup(connection, region, groupName);
            if (update(connection, "DELETE FROM log_streams WHERE group_id = ? AND name = ?", group.id(), name) == 0) {
                throw LogsError.noSuchLogStream();
            }
            return null;
        });
    }

    /** The stream's id, creating the group and the stream first when they do not exist (for captured output). */
    long ensureStream(Region region, String groupName, String name, long creationTime) {
        return state.write(connection -> {
            update(connection, "INSERT OR IGNORE INTO log_groups (region, name, creation_time) VALUES (?, ?, ?)",
                    region.name(), groupName, creationTime);
            Group group = requireGroup(connection, region, groupName);
            update(connection, "INSERT OR IGNORE INTO log_streams (group_id, name, creation_time) VALUES (?, ?, ?)",
                    group.id(), name, creationTime);
            return findStream(connection, group.id(), name).orElseThrow().id();
        });
    }

    /** Looks up a group, or throws ResourceNotFoundException. */
    Group group(Region region, String name) {
        return state.read(connection -> requireGroup(connection, region, name));
    }

    /** Looks up a stream of a group, or throws ResourceNotFoundException for whichever is missing. */
    Stream stream(Region region, String groupName, String streamName) {
        return state.read(connection -> {
            Group group = requireGroup(connection, region, groupName);
            return findStream(connection, group.id(), streamName).orElseThrow(LogsError::noSuchLogStream);
        });
    }

    /**
     * Appends events to a stream in the order given, in one transaction, and returns the next sequence number.
     *
     * @param ingestionTime the store time every event of this batch gets
     */
    long append(long streamId, List<NewEvent> events, long ingestionTime) {
        return state.write(connection -> appendIn(connection, streamId, events, ingestionTime));
    }

    /** Like {@link #append}, but finds the stream by name and fails as AWS does when it is missing. */
    long append(Region region, String groupName, String streamName, List<NewEvent> events, long ingestionTime) {
        return state.write(connection -> {
            Group group = requireGroup(connection, region, groupName);
            Stream stream = findStream(connection, group.id(), streamName).orElseThrow(LogsError::noSuchLogStream);
            return appendIn(connection, stream.id(), events, ingestionTime);
        });
    }

    private static long appendIn(Connection connection, long streamId, List<NewEvent> events, long ingestionTime)
            throws SQLException {
        long next;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT next_sequence FROM log_streams WHERE id = ?")) {
            query.setLong(1, streamId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw LogsError.noSuchLogStream();
                }
                next = row.getLong(1);
            }
        }
        if (events.isEmpty()) {
            return next;
        }
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO log_events "
                + "(stream_id, sequence, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?)")) {
            for (NewEvent event : events) {
                insert.setLong(1, streamId);
                insert.setLong(2, next++);
                insert.setLong(3, event.timestamp());
                insert.setLong(4, ingestionTime);
                insert.setString(5, event.message());
                insert.addBatch();
                bytes += event.message().getBytes(StandardCharsets.UTF_8).length;
                first = Math.min(first, event.timestamp());
                last = Math.max(last, event.timestamp());
            }
            insert.executeBatch();
        }
        update(connection, "UPDATE log_streams SET next_sequence = ?, stored_bytes = stored_bytes + ?, "
                + "first_event_timestamp = min(coalesce(first_event_timestamp, ?), ?), "
                + "last_event_timestamp = max(coalesce(last_event_timestamp, ?), ?), last_ingestion_time = ? "
                + "WHERE id = ?", next, bytes, first, first, last, last, ingestionTime, streamId);
        return next;
    }

    static Group requireGroup(Connection connection, Region region, String name) throws SQLException {
        return findGroup(connection, region, name).orElseThrow(LogsError::noSuchLogGroup);
    }

    static Optional<Group> findGroup(Connection connection, Region region, String name) throws SQLException {
        List<Group> groups = queryGroups(connection, "g.region = ? AND g.name = ?", "", List.of(region.name(), name));
        return groups.stream().findFirst();
    }

    static List<Group> queryGroups(Connection connection, String where, String tail, List<Object> parameters)
            throws SQLException {
        String sql = "SELECT g.id, g.name, g.creation_time, (SELECT coalesce(sum(s.stored_bytes), 0) "
                + "FROM log_streams s WHERE s.group_id = g.id) FROM log_groups g WHERE " + where + " " + tail;
        List<Group> groups = new ArrayList<>();
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                groups.add(new Group(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getLong(4)));
            }
        }
        return groups;
    }

    static Optional<Stream> findStream(Connection connection, long groupId, String name) throws SQLException {
        return queryStreams(connection, "group_id = ? AND name = ?", "", List.of(groupId, name)).stream().findFirst();
    }

    static List<Stream> queryStreams(Connection connection, String where, String tail, List<Object> parameters)
            throws SQLException {
        String sql = "SELECT id, name, creation_time, first_event_timestamp, last_event_timestamp, "
                + "last_ingestion_time, stored_bytes, next_sequence FROM log_streams WHERE " + where + " " + tail;
        List<Stream> streams = new ArrayList<>();
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                streams.add(new Stream(rows.getLong(1), rows.getString(2), rows.getLong(3),
                        nullableLong(rows, 4), nullableLong(rows, 5), nullableLong(rows, 6), rows.getLong(7),
                        rows.getLong(8)));
            }
        }
        return streams;
    }

    private static Long nullableLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static List<Event> queryEvents(Connection connection, String where, String tail, List<Object> parameters)
            throws SQLException {
        String sql = "SELECT stream_id, sequence, timestamp, ingestion_time, message FROM log_events WHERE "
                + where + " " + tail;
        List<Event> events = new ArrayList<>();
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                events.add(new Event(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                        rows.getString(5)));
            }
        }
        return events;
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, List.of(parameters))) {
            return statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
        return statement;
    }
}
