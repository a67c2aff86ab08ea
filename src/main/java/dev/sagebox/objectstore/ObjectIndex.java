package dev.sagebox.objectstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.state.Schema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL behind {@link ObjectStore}. Keys are stored as UTF-8 BLOBs, so SQLite's byte-wise ordering is exactly S3's
 * listing order (UTF-8 binary), which Java's UTF-16 string order is not.
 */
final class ObjectIndex {
    static final Schema SCHEMA = new Schema("objectstore", List.of("""
            CREATE TABLE s3_buckets (name TEXT PRIMARY KEY, region TEXT NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE s3_objects (bucket TEXT NOT NULL REFERENCES s3_buckets(name), key BLOB NOT NULL,
                file_id TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL, content_type TEXT NOT NULL,
                user_metadata TEXT NOT NULL, headers TEXT NOT NULL, checksum_algorithm TEXT, checksum_value TEXT,
                checksum_type TEXT, parts_count INTEGER NOT NULL, last_modified INTEGER NOT NULL,
                PRIMARY KEY (bucket, key)) WITHOUT ROWID;
            CREATE TABLE s3_uploads (upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL REFERENCES s3_buckets(name),
                key BLOB NOT NULL, content_type TEXT NOT NULL, user_metadata TEXT NOT NULL, headers TEXT NOT NULL,
                checksum_algorithm TEXT, checksum_type TEXT, initiated INTEGER NOT NULL);
            CREATE INDEX s3_uploads_by_key ON s3_uploads (bucket, key, initiated);
            CREATE TABLE s3_parts (upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
                part_number INTEGER NOT NULL, file_id TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
                checksum_value TEXT, last_modified INTEGER NOT NULL, PRIMARY KEY (upload_id, part_number))
            """, """
            ALTER TABLE s3_objects ADD COLUMN part_sizes TEXT
            """));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String OBJECT_COLUMNS = "key, file_id, size, etag, content_type, user_metadata, headers, "
            + "checksum_algorithm, checksum_value, checksum_type, parts_count, last_modified, part_sizes";
    private static final TypeReference<List<Long>> LONG_LIST = new TypeReference<>() {
    };

    private final BlobFiles files;

    ObjectIndex(BlobFiles files) {
        this.files = files;
    }

    static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    // --- buckets

    static Bucket bucket(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT name, region, created_at FROM s3_buckets WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? bucketRow(rows) : null;
            }
        }
    }

    static List<Bucket> buckets(Connection c) throws SQLException {
        List<Bucket> result = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT name, region, created_at FROM s3_buckets ORDER BY name");
             ResultSet rows = q.executeQuery()) {
            while (rows.next()) {
                result.add(bucketRow(rows));
            }
        }
        return result;
    }

    private static Bucket bucketRow(ResultSet rows) throws SQLException {
        return new Bucket(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)));
    }

    static void insertBucket(Connection c, Bucket bucket) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "INSERT INTO s3_buckets (name, region, created_at) VALUES (?, ?, ?)")) {
            q.setString(1, bucket.name());
            q.setString(2, bucket.region());
            q.setLong(3, bucket.creationDate().toEpochMilli());
            q.executeUpdate();
        }
    }

    static void deleteBucket(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM s3_buckets WHERE name = ?")) {
            q.setString(1, name);
            q.executeUpdate();
        }
    }

    static boolean hasObjects(Connection c, String bucket) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1")) {
            q.setString(1, bucket);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }

    // --- objects

    StoredObject find(Connection c, String bucket, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT " + OBJECT_COLUMNS + " FROM s3_objects WHERE bucket = ? AND key = ?")) {
            q.setString(1, bucket);
            q.setBytes(2, utf8(key));
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? objectRow(bucket, rows) : null;
            }
        }
    }

    /**
     * Objects with {@code after < key < before} in key order (either bound may be null), at most {@code limit}.
     */
    List<StoredObject> page(Connection c, String bucket, byte[] after, byte[] before, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + OBJECT_COLUMNS + " FROM s3_objects WHERE bucket = ?");
        if (after != null) {
            sql.append(" AND key > ?");
        }
        if (before != null) {
            sql.append(" AND key < ?");
        }
        sql.append(" ORDER BY key LIMIT ?");
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            int i = 1;
            q.setString(i++, bucket);
            if (after != null) {
                q.setBytes(i++, after);
            }
            if (before != null) {
                q.setBytes(i++, before);
            }
            q.setInt(i, limit);
            List<StoredObject> result = new ArrayList<>();
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    result.add(objectRow(bucket, rows));
                }
            }
            return result;
        }
    }

    private StoredObject objectRow(String bucket, ResultSet rows) throws SQLException {
        String key = new String(rows.getBytes(1), StandardCharsets.UTF_8);
        ObjectMetadata metadata = new ObjectMetadata(rows.getString(5), fromJson(rows.getString(6)),
                fromJson(rows.getString(7)));
        String algorithm = rows.getString(8);
        Checksum checksum = algorithm == null ? null : new Checksum(ChecksumAlgorithm.valueOf(algorithm),
                rows.getString(9), ChecksumType.valueOf(rows.getString(10)));
        return new StoredObject(bucket, key, rows.getLong(3), rows.getString(4),
                Instant.ofEpochMilli(rows.getLong(12)), metadata, checksum, partSizes(rows.getString(13)),
                files.path(rows.getString(2)));
    }

    /** Inserts or replaces the row for the object; returns the file id it replaced, or null. */
    static String upsert(Connection c, String fileId, StoredObject object) throws SQLException {
        String previous = fileIdOf(c, object.bucket(), object.key());
        try (PreparedStatement q = c.prepareStatement("INSERT OR REPLACE INTO s3_objects (bucket, " + OBJECT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            q.setString(1, object.bucket());
            q.setBytes(2, utf8(object.key()));
            q.setString(3, fileId);
            q.setLong(4, object.size());
            q.setString(5, object.etag());
            q.setString(6, object.metadata().contentType());
            q.setString(7, toJson(object.metadata().userMetadata()));
            q.setString(8, toJson(object.metadata().headers()));
            Checksum checksum = object.checksum();
            q.setString(9, checksum == null ? null : checksum.algorithm().name());
            q.setString(10, checksum == null ? null : checksum.value());
            q.setString(11, checksum == null ? null : checksum.type().name());
            q.setInt(12, object.partsCount());
            q.setLong(13, object.lastModified().toEpochMilli());
            q.setString(14, object.partSizes().isEmpty() ? null : writeJson(object.partSizes()));
            q.executeUpdate();
        }
        return previous;
    }

    /** Deletes the object's row; returns its file id, or null when there was none. */
    static String delete(Connection c, String bucket, String key) throws SQLException {
        String previous = fileIdOf(c, bucket, key);
        if (previous != null) {
            try (PreparedStatement q = c.prepareStatement("DELETE FROM s3_objects WHERE bucket = ? AND key = ?")) {
                q.setString(1, bucket);
                q.setBytes(2, utf8(key));
                q.executeUpdate();
            }
        }
        return previous;
    }

    private static String fileIdOf(Connection c, String bucket, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT file_id FROM s3_objects WHERE bucket = ? AND key = ?")) {
            q.setString(1, bucket);
            q.setBytes(2, utf8(key));
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** Every file id an object or an upload part references: the files the reaper must keep. */
    static Set<String> referencedFileIds(Connection c) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT file_id FROM s3_objects UNION ALL SELECT file_id FROM s3_parts");
             ResultSet rows = q.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static List<Long> partSizes(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, LONG_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt part sizes in the object index: " + e.getMessage(), e);
        }
    }

    static String toJson(Map<String, String> map) {
        return writeJson(map);
    }

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode metadata", e);
        }
    }

    static Map<String, String> fromJson(String json) {
        if ("{}".equals(json)) {
            // Most objects carry no user metadata or extra headers: listing thousands of them (job staging) should
            // not pay for a parser each time.
            return Map.of();
        }
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt metadata in the object index: " + e.getMessage(), e);
        }
    }
}
