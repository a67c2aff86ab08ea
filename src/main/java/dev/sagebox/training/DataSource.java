package dev.sagebox.training;

import dev.sagebox.aws.Validator;
import java.util.Map;

/** A channel's source; only {@code S3DataSource} is staged (FileSystemDataSource is refused at create). */
public record DataSource(S3DataSource s3DataSource, Map<String, Object> fileSystemDataSource) {
    void validate(Validator v, String path) {
        if (s3DataSource != null) {
            s3DataSource.validate(v, Validator.child(path, "s3DataSource"));
        }
    }
}
