package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;
import java.util.Map;

/** One named input of a processing job; only {@code S3Input} is staged locally. */
public record ProcessingInput(String inputName, Boolean appManaged, ProcessingS3Input s3Input,
                              Map<String, Object> datasetDefinition) {
    void validate(Validator v, String path) {
        v.required(Validator.child(path, "inputName"), inputName);
        if (s3Input != null) {
            s3Input.validate(v, Validator.child(path, "s3Input"));
        }
    }

    ProcessingInput withDefaults() {
        return new ProcessingInput(inputName, appManaged == null ? Boolean.FALSE : appManaged,
                s3Input == null ? null : s3Input.withDefaults(), datasetDefinition);
    }
}
