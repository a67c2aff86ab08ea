package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;
import java.util.List;

/** Where an output directory goes: uploaded at the end of the job, or continuously while it runs. */
public record ProcessingS3Output(String s3Uri, String localPath, String s3UploadMode) {
    void validate(Validator v, String path) {
        String uri = Validator.child(path, "s3Uri");
        if (v.required(uri, s3Uri) && !s3Uri.startsWith("file://")) {
            v.length(uri, s3Uri, 0, 1024).pattern(uri, s3Uri, ProcessingS3Input.S3_URI_PATTERN);
        }
        v.length(Validator.child(path, "localPath"), localPath, 0, 256);
        String mode = Validator.child(path, "s3UploadMode");
        if (v.required(mode, s3UploadMode)) {
            v.oneOf(mode, s3UploadMode, List.of("Continuous", "EndOfJob"));
        }
    }

    public boolean isContinuous() {
        return "Continuous".equals(s3UploadMode);
    }
}
