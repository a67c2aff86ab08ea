package dev.sagebox.training;

import dev.sagebox.aws.Validator;

/** Checkpoints synced between {@code LocalPath} (default /opt/ml/checkpoints) and {@code S3Uri}. */
public record CheckpointConfig(String s3Uri, String localPath) {
    void validate(Validator v, String path) {
        String uri = Validator.child(path, "s3Uri");
        if (v.required(uri, s3Uri)) {
            v.length(uri, s3Uri, 0, 1024).pattern(uri, s3Uri, S3DataSource.URI_PATTERN);
        }
        v.length(Validator.child(path, "localPath"), localPath, 0, 4096);
    }
}
