package dev.sagebox.transform.api;

import dev.sagebox.aws.Validator;
import java.util.List;

/** What a transform job reads and how it cuts it into records ({@code SplitType}) after decompressing it. */
public record TransformInput(TransformDataSource dataSource, String contentType, String compressionType,
                             String splitType) {
    static final String URI_PATTERN = "^(https|s3)://([^/]+)/?(.*)$";

    void validate(Validator v, String path) {
        String source = Validator.child(path, "dataSource");
        if (v.required(source, dataSource)) {
            String s3 = Validator.child(source, "s3DataSource");
            TransformS3DataSource ds = dataSource.s3DataSource();
            if (v.required(s3, ds)) {
                String type = Validator.child(s3, "s3DataType");
                if (v.required(type, ds.s3DataType())) {
                    v.oneOf(type, ds.s3DataType(), List.of("ManifestFile", "S3Prefix", "AugmentedManifestFile",
                            "Converse"));
                }
                validateUri(v, Validator.child(s3, "s3Uri"), ds.s3Uri());
            }
        }
        v.length(Validator.child(path, "contentType"), contentType, 0, 256);
        v.oneOf(Validator.child(path, "compressionType"), compressionType, List.of("None", "Gzip"));
        v.oneOf(Validator.child(path, "splitType"), splitType, List.of("None", "Line", "RecordIO", "TFRecord"));
    }

    /** An {@code s3://} URI as the model's pattern says, or a {@code file://} one (Sagebox's local extension). */
    static void validateUri(Validator v, String path, String uri) {
        if (v.required(path, uri)) {
            v.length(path, uri, 0, 1024);
            if (!uri.startsWith("file:///")) {
                v.pattern(path, uri, URI_PATTERN);
            }
        }
    }

    TransformInput withDefaults() {
        return new TransformInput(dataSource, contentType, compressionType == null ? "None" : compressionType,
                splitType == null ? "None" : splitType);
    }
}
