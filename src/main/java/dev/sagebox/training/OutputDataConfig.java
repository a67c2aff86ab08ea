package dev.sagebox.training;

import dev.sagebox.aws.Validator;
import java.util.List;

/** Where artifacts go: {@code <S3OutputPath>/<job>/output/model.tar.gz}. {@code file:///dir} is accepted too. */
public record OutputDataConfig(String kmsKeyId, String s3OutputPath, String compressionType) {
    void validate(Validator v, String path) {
        String kms = Validator.child(path, "kmsKeyId");
        v.length(kms, kmsKeyId, 0, 2048).pattern(kms, kmsKeyId, "^[a-zA-Z0-9:/_-]*$");
        String output = Validator.child(path, "s3OutputPath");
        if (v.required(output, s3OutputPath)) {
            v.length(output, s3OutputPath, 0, 1024).pattern(output, s3OutputPath, S3DataSource.URI_PATTERN);
        }
        v.oneOf(Validator.child(path, "compressionType"), compressionType, List.of("GZIP", "NONE"));
    }

    /** The SageMaker Python SDK's attach() reads KmsKeyId unconditionally, so it is always echoed. */
    OutputDataConfig withDefaults() {
        String trimmed = s3OutputPath.endsWith("/") ? s3OutputPath.replaceAll("/+$", "") : s3OutputPath;
        return new OutputDataConfig(kmsKeyId == null ? "" : kmsKeyId, trimmed, compressionType);
    }
}
