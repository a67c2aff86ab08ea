package dev.sagebox.transform.api;

/** The input data source of a transform job; only S3 exists in the API. */
public record TransformDataSource(TransformS3DataSource s3DataSource) {
}
