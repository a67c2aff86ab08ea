package dev.sagebox.hosting.api;

/** Uncompressed model data: every object under {@code S3Uri} ({@code S3Prefix}) or one object ({@code S3Object}). */
public record S3ModelDataSource(String s3Uri, String s3DataType, String compressionType) {
}
