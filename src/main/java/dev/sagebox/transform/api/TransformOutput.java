package dev.sagebox.transform.api;

import dev.sagebox.aws.Validator;
import java.util.List;

/** Where a transform job writes {@code <key>.out}, with what {@code Accept}, and how responses are joined. */
public record TransformOutput(String s3OutputPath, String accept, String assembleWith, String kmsKeyId) {
    void validate(Validator v, String path) {
        TransformInput.validateUri(v, Validator.child(path, "s3OutputPath"), s3OutputPath);
        v.length(Validator.child(path, "accept"), accept, 0, 256);
        v.oneOf(Validator.child(path, "assembleWith"), assembleWith, List.of("None", "Line"));
        v.length(Validator.child(path, "kmsKeyId"), kmsKeyId, 0, 2048);
    }

    /** The output path without a trailing {@code /}; {@code AssembleWith} None and an empty KmsKeyId echoed. */
    TransformOutput withDefaults() {
        String path = s3OutputPath.endsWith("/") ? s3OutputPath.substring(0, s3OutputPath.length() - 1)
                : s3OutputPath;
        return new TransformOutput(path, accept, assembleWith == null ? "None" : assembleWith,
                kmsKeyId == null ? "" : kmsKeyId);
    }
}
