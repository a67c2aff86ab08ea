package dev.sagebox.transform.api;

import dev.sagebox.aws.Validator;

/** The instances a transform job runs on. Any {@code ml.*} type is accepted, plus {@code local}. */
public record TransformResources(String instanceType, Integer instanceCount, String volumeKmsKeyId,
                                 String transformAmiVersion) {
    void validate(Validator v, String path) {
        String type = Validator.child(path, "instanceType");
        if (v.required(type, instanceType) && !isKnownType(instanceType)) {
            v.fail(type, instanceType, "Member must satisfy enum value set: [ml.*, local, local_gpu]");
        }
        String count = Validator.child(path, "instanceCount");
        if (v.required(count, instanceCount)) {
            v.range(count, instanceCount, 1, Integer.MAX_VALUE);
        }
        v.length(Validator.child(path, "volumeKmsKeyId"), volumeKmsKeyId, 0, 2048);
    }

    private static boolean isKnownType(String type) {
        return type.startsWith("ml.") && type.length() > 3 || type.equals("local") || type.equals("local_gpu");
    }
}
