package dev.sagebox.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sagebox's SQLite database ({@code <data dir>/state.db}) in WAL mode with full fsync, so a crash or {@code kill -9}
 * never loses a committed record.
 *
 * <p>Writers are serialised by one lock (SQLite allows one writer anyway, and waiting on a lock beats spinning on
 * {@code SQLITE_BUSY}); readers use a small pool and see the last committed state. A ReentrantLock, not
 * {@code synchronized}, because callers are virtual threads.
 */
public final class StateStore implements AutoCloseable {
    private static final int READERS = 4;

    private final Path file;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);

    private StateStore(Path file) throws SQLException {
        this.file = file;
        this.writer = connect(file);
        for (int i = 0; i < READERS; i++) {
            readers.add(connect(file));
        }
    }

    /**
     * Opens (creating if needed) the database in {@code directory} and applies every pending migration.
     *
     * @throws StateStoreException with a message fit for the user when the file cannot be opened or migrated
     */
    public static StateStore open(Path directory, List<Schema> schemas) {
        Path file = directory.resolve("state.db");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StateStoreException("cannot create the data directory " + directory + ": " + e.getMessage(), e);
        }
        StateStore store;
        try {
            store = new StateStore(file);
        } catch (SQLException e) {
            throw new StateStoreException("cannot open the state database " + file + ": " + e.getMessage()
                    + ". Check that the file is a Sagebox database and that this user can write it.", e);
        }
        try {
            store.migrate(schemas);
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw new StateStoreException("cannot prepare the state database " + file + ": " + e.getMessage()
                    + ". If it belongs to a newer Sagebox, use that version or move the data dir aside.", e);
        }
        return store;
    }

    private static Connection connect(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = FULL");
            statement.execute("PRAGMA foreign_keys = ON");
            // Fails fast on a file that is not a database, rather than at the first query.
            statement.executeQuery("SELECT count(*) FROM sqlite_master").close();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}), committing on return. */
    public <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            return inTransaction(writer, work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} on a reader connection, in a read transaction so that it sees one snapshot. */
    public <T> T read(SqlWork<T> work) {
        Connection connection;
        try {
            connection = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a database connection", e);
        }
        try {
            connection.setAutoCommit(false);
            try {
                return work.apply(connection);
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("state database read failed: " + e.getMessage(), e);
        } finally {
            readers.add(connection);
        }
    }

    private static <T> T inTransaction(Connection connection, SqlWork<T> work) {
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
            }
            try {
                T result = work.apply(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("COMMIT");
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("state database write failed: " + e.getMessage(), e);
        }
    }

    private void migrate(List<Schema> schemas) throws SQLException {
        write(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, "
                        + "version INTEGER NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (component, version))");
            }
            return null;
        });
        for (Schema schema : schemas) {
            int applied = appliedVersion(schema.component());
            if (applied > schema.migrations().size()) {
                throw new IllegalStateException("component " + schema.component() + " is at schema version "
                        + applied + ", newer than this Sagebox knows (" + schema.migrations().size() + ")");
            }
            for (int version = applied + 1; version <= schema.migrations().size(); version++) {
                applyMigration(schema.component(), version, schema.migrations().get(version - 1));
            }
        }
    }

    private int appliedVersion(String component) {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT coalesce(max(version), 0) FROM schema_migrations WHERE component = ?")) {
                query.setString(1, component);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }

    private void applyMigration(String component, int version, String sql) {
        write(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String part : sql.split(";\\s*(\\r?\\n|$)")) {
                    if (!part.isBlank()) {
                        statement.execute(part);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)")) {
                insert.setString(1, component);
                insert.setInt(2, version);
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closeQuietly(writer);
            Connection reader;
            while ((reader = readers.poll()) != null) {
                closeQuietly(reader);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing left to protect
        }
    }
}
