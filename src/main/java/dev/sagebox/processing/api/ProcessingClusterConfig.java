package dev.sagebox.processing.api;

import dev.sagebox.aws.Validator;

/** How many instances of which type; any {@code ml.*} type is accepted, plus {@code local} and {@code local_gpu}. */
public record ProcessingClusterConfig(Integer instanceCount, String instanceType, Integer volumeSizeInGB,
                                      String volumeKmsKeyId) {
    void validate(Validator v, String path) {
        String count = Validator.child(path, "instanceCount");
        if (v.required(count, instanceCount)) {
            v.range(count, instanceCount, 1, 100);
        }
        String type = Validator.child(path, "instanceType");
        if (v.required(type, instanceType) && !isKnownType(instanceType)) {
            v.fail(type, instanceType, "Member must satisfy enum value set: [ml.*, local, local_gpu]");
        }
        String volume = Validator.child(path, "volumeSizeInGB");
        if (v.required(volume, volumeSizeInGB)) {
            v.range(volume, volumeSizeInGB, 1, 16384);
        }
    }

    private static boolean isKnownType(String type) {
        return type.startsWith("ml.") && type.length() > 3 || type.equals("local") || type.equals("local_gpu");
    }
}
