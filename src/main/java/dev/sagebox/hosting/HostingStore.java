package dev.sagebox.hosting;

import dev.sagebox.aws.Region;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
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
 * Models, endpoint configs and endpoints in one SQLite table, one row per resource. Names are unique per kind and
 * region ignoring case ({@code name_key}), while rows keep the original spelling, which InvokeEndpoint matches.
 */
final class HostingStore {
    static final Schema SCHEMA = new Schema("hosting", List.of("""
            CREATE TABLE hosting_resources (kind TEXT NOT NULL, region TEXT NOT NULL, name_key TEXT NOT NULL,
                name TEXT NOT NULL, arn TEXT NOT NULL UNIQUE, status TEXT, creation_time INTEGER NOT NULL,
                last_modified_time INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, region, name_key));
            """));
    private static final String COLUMNS = "kind, region, name, arn, status, creation_time, last_modified_time, body";

    private final StateStore state;

    HostingStore(StateStore state) {
        this.state = state;
    }

    /** Inserts a resource and its tags; returns the existing resource's ARN instead when the name is taken. */
    Optional<String> insert(StoredResource r, List<Tag> tags) {
        return state.write(connection -> {
            Optional<StoredResource> existing = find(connection, r.kind(), r.region(), r.name());
            if (existing.isPresent()) {
                return Optional.of(existing.get().arn());
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hosting_resources (" + COLUMNS
                    + ", name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, r.kind());
                insert.setString(2, r.region().name());
                insert.setString(3, r.name());
                insert.setString(4, r.arn());
                insert.setString(5, r.status());
                insert.setLong(6, r.creationTime().toEpochMilli());
                insert.setLong(7, r.lastModifiedTime().toEpochMilli());
                insert.setString(8, r.body());
                insert.setString(9, key(r.name()));
                insert.executeUpdate();
            }
            Tags.put(connection, r.arn(), tags == null ? List.of() : tags);
            return Optional.<String>empty();
        });
    }

    /** Stores a resource's new status and record, in one transaction. */
    void update(StoredResource r) {
        state.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE hosting_resources SET status = ?, last_modified_time = ?, body = ? WHERE arn = ?""")) {
                update.setString(1, r.status());
                update.setLong(2, r.lastModifiedTime().toEpochMilli());
                update.setString(3, r.body());
                update.setString(4, r.arn());
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Removes a resource and its tags; returns whether it existed. */
    boolean delete(String arn) {
        return state.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM hosting_resources WHERE arn = ?");
                 PreparedStatement tags = connection.prepareStatement("DELETE FROM sagemaker_tags WHERE arn = ?")) {
                delete.setString(1, arn);
                tags.setString(1, arn);
                tags.executeUpdate();
                return delete.executeUpdate() > 0;
            }
        });
    }

    Optional<StoredResource> find(String kind, Region region, String name) {
        return state.read(connection -> find(connection, kind, region, name));
    }

    boolean existsArn(String arn) {
        return state.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM hosting_resources WHERE arn = ?")) {
                query.setString(1, arn);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** Every resource of a kind in a region, or in all regions when {@code region} is null (restart recovery). */
    List<StoredResource> all(String kind, Region region) {
        return state.read(connection -> {
            String sql = "SELECT " + COLUMNS + " FROM hosting_resources WHERE kind = ?"
                    + (region == null ? "" : " AND region = ?");
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, kind);
                if (region != null) {
                    query.setString(2, region.name());
                }
                try (ResultSet rows = query.executeQuery()) {
                    List<StoredResource> all = new ArrayList<>();
                    while (rows.next()) {
                        all.add(resource(rows));
                    }
                    return all;
                }
            }
        });
    }

    private static Optional<StoredResource> find(Connection connection, String kind, Region region, String name)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM hosting_resources WHERE kind = ? AND region = ? AND name_key = ?")) {
            query.setString(1, kind);
            query.setString(2, region.name());
            query.setString(3, key(name));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(resource(rows)) : Optional.empty();
            }
        }
    }

    private static StoredResource resource(ResultSet rows) throws SQLException {
        return new StoredResource(rows.getString("kind"), new Region(rows.getString("region")),
                rows.getString("name"), rows.getString("arn"), rows.getString("status"),
                Instant.ofEpochMilli(rows.getLong("creation_time")),
                Instant.ofEpochMilli(rows.getLong("last_modified_time")), rows.getString("body"));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
