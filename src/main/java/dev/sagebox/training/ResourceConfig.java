package dev.sagebox.training;

import dev.sagebox.aws.Validator;
import java.util.List;
import java.util.Map;

/** Instances to run on. Any {@code ml.*} type is accepted, plus {@code local} and {@code local_gpu}. */
public record ResourceConfig(String instanceType, Integer instanceCount, Integer volumeSizeInGB,
                             String volumeKmsKeyId, Integer keepAlivePeriodInSeconds,
                             List<Map<String, Object>> instanceGroups) {
    static final int DEFAULT_VOLUME_GB = 30;

    void validate(Validator v, String path) {
        String type = Validator.child(path, "instanceType");
        if (instanceType != null && !isKnownType(instanceType)) {
            v.fail(type, instanceType, "Member must satisfy enum value set: [ml.*, local, local_gpu]");
        }
        if (instanceGroups == null) {
            v.required(type, instanceType);
            v.required(Validator.child(path, "instanceCount"), instanceCount);
        }
        v.range(Validator.child(path, "instanceCount"), instanceCount, 0, Integer.MAX_VALUE);
        v.range(Validator.child(path, "volumeSizeInGB"), volumeSizeInGB, 0, Integer.MAX_VALUE);
        v.range(Validator.child(path, "keepAlivePeriodInSeconds"), keepAlivePeriodInSeconds, 0, 3600);
        v.size(Validator.child(path, "instanceGroups"), instanceGroups, 0, 5);
    }

    private static boolean isKnownType(String type) {
        return type.startsWith("ml.") && type.length() > 3 || type.equals("local") || type.equals("local_gpu");
    }

    ResourceConfig withDefaults() {
        return new ResourceConfig(instanceType, instanceCount,
                volumeSizeInGB == null ? DEFAULT_VOLUME_GB : volumeSizeInGB, volumeKmsKeyId,
                keepAlivePeriodInSeconds, instanceGroups);
    }

    /** Hosts of the job: {@code InstanceCount}, or the sum over instance groups. */
    public int hostCount() {
        if (instanceGroups == null) {
            return instanceCount == null ? 1 : Math.max(1, instanceCount);
        }
        return instanceGroups.stream().mapToInt(g -> g.get("InstanceCount") instanceof Number n ? n.intValue() : 0)
                .sum();
    }
}
