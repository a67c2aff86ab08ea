package dev.sagebox.objectstore;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL for multipart uploads and their parts. */
final class UploadIndex {
    private static final String UPLOAD_COLUMNS = "upload_id, bucket, key, content_type, user_metadata, headers, "
            + "checksum_algorithm, checksum_type, initiated";

    private final BlobFiles files;

    UploadIndex(BlobFiles files) {
        this.files = files;
    }

    static void insert(Connection c, MultipartUpload upload) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO s3_uploads (" + UPLOAD_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            q.setString(1, upload.uploadId());
            q.setString(2, upload.bucket());
            q.setBytes(3, ObjectIndex.utf8(upload.key()));
            q.setString(4, upload.metadata().contentType());
            q.setString(5, ObjectIndex.toJson(upload.metadata().userMetadata()));
            q.setString(6, ObjectIndex.toJson(upload.metadata().headers()));
            q.setString(7, upload.checksumAlgorithm() == null ? null : upload.checksumAlgorithm().name());
            q.setString(8, upload.checksumType() == null ? null : upload.checksumType().name());
            q.setLong(9, upload.initiated().toEpochMilli());
            q.executeUpdate();
        }
    }

    static MultipartUpload find(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT " + UPLOAD_COLUMNS + " FROM s3_uploads WHERE upload_id = ?")) {
            q.setString(1, uploadId);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? uploadRow(rows) : null;
            }
        }
    }

    /** Uploads of a bucket in (key, initiated, id) order. */
    static List<MultipartUpload> uploadsOf(Connection c, String bucket) throws SQLException {
        List<MultipartUpload> result = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT " + UPLOAD_COLUMNS
                + " FROM s3_uploads WHERE bucket = ? ORDER BY key, initiated, upload_id")) {
            q.setString(1, bucket);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    result.add(uploadRow(rows));
                }
            }
        }
        return result;
    }

    private static MultipartUpload uploadRow(ResultSet rows) throws SQLException {
        ObjectMetadata metadata = new ObjectMetadata(rows.getString(4), ObjectIndex.fromJson(rows.getString(5)),
                ObjectIndex.fromJson(rows.getString(6)));
        String algorithm = rows.getString(7);
        String type = rows.getString(8);
        return new MultipartUpload(rows.getString(1), rows.getString(2),
                new String(rows.getBytes(3), StandardCharsets.UTF_8), metadata,
                algorithm == null ? null : ChecksumAlgorithm.valueOf(algorithm),
                type == null ? null : ChecksumType.valueOf(type), Instant.ofEpochMilli(rows.getLong(9)));
    }

    /** Parts with numbers above {@code after}, in order, at most {@code limit}. */
    List<UploadedPart> parts(Connection c, String uploadId, int after, int limit) throws SQLException {
        List<UploadedPart> result = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT part_number, size, etag, checksum_value, "
                + "last_modified, file_id FROM s3_parts WHERE upload_id = ? AND part_number > ? "
                + "ORDER BY part_number LIMIT ?")) {
            q.setString(1, uploadId);
            q.setInt(2, after);
            q.setInt(3, limit);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    result.add(new UploadedPart(rows.getInt(1), rows.getLong(2), rows.getString(3),
                            rows.getString(4), Instant.ofEpochMilli(rows.getLong(5)), files.path(rows.getString(6))));
                }
            }
        }
        return result;
    }

    /** Inserts or replaces a part; returns the file id it replaced, or null. */
    static String upsertPart(Connection c, String uploadId, String fileId, UploadedPart part) throws SQLException {
        String previous = null;
        try (PreparedStatement q = c.prepareStatement(
                "SELECT file_id FROM s3_parts WHERE upload_id = ? AND part_number = ?")) {
            q.setString(1, uploadId);
            q.setInt(2, part.partNumber());
            try (ResultSet rows = q.executeQuery()) {
                if (rows.next()) {
                    previous = rows.getString(1);
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("INSERT OR REPLACE INTO s3_parts (upload_id, part_number, "
                + "file_id, size, etag, checksum_value, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            q.setString(1, uploadId);
            q.setInt(2, part.partNumber());
            q.setString(3, fileId);
            q.setLong(4, part.size());
            q.setString(5, part.etag());
            q.setString(6, part.checksum());
            q.setLong(7, part.lastModified().toEpochMilli());
            q.executeUpdate();
        }
        return previous;
    }

    /** Deletes an upload and its parts; returns the part file ids to delete after the commit. */
    static List<String> delete(Connection c, String uploadId) throws SQLException {
        List<String> fileIds = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT file_id FROM s3_parts WHERE upload_id = ?")) {
            q.setString(1, uploadId);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    fileIds.add(rows.getString(1));
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("DELETE FROM s3_parts WHERE upload_id = ?")) {
            q.setString(1, uploadId);
            q.executeUpdate();
        }
        try (PreparedStatement q = c.prepareStatement("DELETE FROM s3_uploads WHERE upload_id = ?")) {
            q.setString(1, uploadId);
            q.executeUpdate();
        }
        return fileIds;
    }

    /** Deletes every upload of a bucket; returns the part file ids. */
    static List<String> deleteUploadsOf(Connection c, String bucket) throws SQLException {
        List<String> fileIds = new ArrayList<>();
        for (MultipartUpload upload : uploadsOf(c, bucket)) {
            fileIds.addAll(delete(c, upload.uploadId()));
        }
        return fileIds;
    }
}
