package dev.sagebox.cloud;

import java.nio.file.Path;

/**
 * What the user asked of a promotion.
 *
 * @param role         the execution role ARN the target runs under (required)
 * @param bucket       the target bucket, or {@code null} for {@code sagemaker-<region>-<account>}
 * @param newName      the name on the target, or {@code null} for the local name
 * @param instanceType replaces the local instance type(s), or {@code null} to keep them
 * @param journals     where resumable uploads keep their state
 * @param partSize     multipart part size in bytes
 * @param images       how local images map to images the target can pull
 */
public record PromoteOptions(String role, String bucket, String newName, String instanceType, Path journals,
                             long partSize, ImageMapping images) {
    static final String ROLE_PATTERN = "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$";

    void validate() throws CloudException {
        if (role == null || role.isBlank()) {
            throw new CloudException("pass --role <execution role ARN>: SageMaker runs the job under that role"
                    + " (e.g. arn:aws:iam::123456789012:role/SageMakerRole)");
        }
        if (!role.matches(ROLE_PATTERN)) {
            throw new CloudException("--role '" + role + "' is not an IAM role ARN like"
                    + " arn:aws:iam::123456789012:role/SageMakerRole");
        }
        if (instanceType != null && !instanceType.startsWith("ml.")) {
            throw new CloudException("--instance-type must be an ml.* instance type, not '" + instanceType + "'");
        }
    }
}
