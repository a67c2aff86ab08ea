package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;
import java.util.List;

/** Where an input comes from and where it lands; File mode, FullyReplicated and no compression by default. */
public record ProcessingS3Input(String s3Uri, String localPath, String s3DataType, String s3InputMode,
                                String s3DataDistributionType, String s3CompressionType) {
    static final String S3_URI_PATTERN = "^(https|s3)://([^/]+)/?(.*)$";

    void validate(Validator v, String path) {
        String uri = Validator.child(path, "s3Uri");
        if (v.required(uri, s3Uri) && !s3Uri.startsWith("file://")) {
            v.length(uri, s3Uri, 0, 1024).pattern(uri, s3Uri, S3_URI_PATTERN);
        }
        v.length(Validator.child(path, "localPath"), localPath, 0, 256);
        String type = Validator.child(path, "s3DataType");
        if (v.required(type, s3DataType)) {
            v.oneOf(type, s3DataType, List.of("ManifestFile", "S3Prefix"));
        }
        v.oneOf(Validator.child(path, "s3InputMode"), s3InputMode, List.of("Pipe", "File"));
        v.oneOf(Validator.child(path, "s3DataDistributionType"), s3DataDistributionType,
                List.of("FullyReplicated", "ShardedByS3Key"));
        v.oneOf(Validator.child(path, "s3CompressionType"), s3CompressionType, List.of("None", "Gzip"));
    }

    ProcessingS3Input withDefaults() {
        return new ProcessingS3Input(s3Uri, localPath, s3DataType, s3InputMode == null ? "File" : s3InputMode,
                s3DataDistributionType == null ? "FullyReplicated" : s3DataDistributionType,
                s3CompressionType == null ? "None" : s3CompressionType);
    }

    public boolean isSharded() {
        return "ShardedByS3Key".equals(s3DataDistributionType);
    }
}
