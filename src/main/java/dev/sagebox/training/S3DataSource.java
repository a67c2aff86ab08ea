package dev.sagebox.training;

import dev.sagebox.aws.Validator;
import java.util.List;

/** Where a channel's objects are: an exact object or a key prefix ({@code s3://} or Sagebox's {@code file://}). */
public record S3DataSource(String s3DataType, String s3Uri, String s3DataDistributionType,
                           List<String> attributeNames, List<String> instanceGroupNames) {
    static final List<String> DATA_TYPES = List.of("ManifestFile", "S3Prefix", "AugmentedManifestFile");
    static final List<String> DISTRIBUTIONS = List.of("FullyReplicated", "ShardedByS3Key");
    /** The model allows only s3 and https; file:// is Sagebox's local extension (CONTRACTS §3.1). */
    static final String URI_PATTERN = "^(https|s3|file)://([^/]*)/?(.*)$";

    void validate(Validator v, String path) {
        String type = Validator.child(path, "s3DataType");
        if (v.required(type, s3DataType)) {
            v.oneOf(type, s3DataType, DATA_TYPES);
        }
        String uri = Validator.child(path, "s3Uri");
        if (v.required(uri, s3Uri)) {
            v.length(uri, s3Uri, 0, 1024).pattern(uri, s3Uri, URI_PATTERN);
        }
        v.oneOf(Validator.child(path, "s3DataDistributionType"), s3DataDistributionType, DISTRIBUTIONS);
    }

    S3DataSource withDefaults() {
        return new S3DataSource(s3DataType, s3Uri,
                s3DataDistributionType == null ? "FullyReplicated" : s3DataDistributionType,
                attributeNames, instanceGroupNames);
    }
}
