package dev.sagebox.hosting.api;

/** Where a container's model data comes from when it is not one tarball. */
public record ModelDataSource(S3ModelDataSource s3DataSource) {
}
