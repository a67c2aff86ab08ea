package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;
import java.util.Map;

/** One named output of a processing job; only {@code S3Output} is uploaded by Sagebox. */
public record ProcessingOutput(String outputName, ProcessingS3Output s3Output,
                               Map<String, Object> featureStoreOutput, Boolean appManaged) {
    void validate(Validator v, String path) {
        v.required(Validator.child(path, "outputName"), outputName);
        if (s3Output != null) {
            s3Output.validate(v, Validator.child(path, "s3Output"));
        }
    }

    ProcessingOutput withDefaults() {
        return new ProcessingOutput(outputName, s3Output, featureStoreOutput,
                appManaged == null ? Boolean.FALSE : appManaged);
    }
}
