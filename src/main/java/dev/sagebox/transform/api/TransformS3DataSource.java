package dev.sagebox.transform.api;

/** Where a transform job reads: an {@code S3Prefix} (every object under it) or a {@code ManifestFile}. */
public record TransformS3DataSource(String s3DataType, String s3Uri) {
}
