package dev.sagebox.hosting.api;

import dev.sagebox.aws.Validator;
import dev.sagebox.tags.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** CreateModel input; once valid it is the model's spec, kept as sent. */
public record CreateModelRequest(String modelName, ContainerDefinition primaryContainer,
                                 List<ContainerDefinition> containers,
                                 InferenceExecutionConfig inferenceExecutionConfig, String executionRoleArn,
                                 Boolean enableNetworkIsolation, List<Tag> tags) {
    public static final String NAME_PATTERN = "^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$";
    static final String HOSTNAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    /** The containers in order: the primary one alone, or the inference pipeline. */
    public List<ContainerDefinition> allContainers() {
        return primaryContainer != null ? List.of(primaryContainer) : containers == null ? List.of() : containers;
    }

    /**
     * The name each container answers to, in order: {@code primary} for a {@code PrimaryContainer} (the word
     * SageMaker's ModelError uses), else its {@code ContainerHostname}, or {@code container-<n>} when a serial
     * pipeline's container has none (Sagebox's choice).
     */
    public List<String> containerHostnames() {
        if (primaryContainer != null) {
            return List.of("primary");
        }
        List<ContainerDefinition> all = allContainers();
        List<String> names = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            String given = all.get(i).containerHostname();
            names.add(given != null ? given : "container-" + (i + 1));
        }
        return names;
    }

    /** Whether InvokeEndpoint picks one container by {@code TargetContainerHostname} instead of running them all. */
    public boolean isDirect() {
        return primaryContainer == null && inferenceExecutionConfig != null && inferenceExecutionConfig.isDirect();
    }

    /** This model without its tags: what is stored as its spec. */
    public CreateModelRequest withoutTags() {
        return new CreateModelRequest(modelName, primaryContainer, containers, inferenceExecutionConfig,
                executionRoleArn, enableNetworkIsolation, null);
    }

    public void validate() {
        Validator v = Validator.create();
        if (v.required("modelName", modelName)) {
            v.length("modelName", modelName, 1, 63).pattern("modelName", modelName, NAME_PATTERN);
        }
        v.length("executionRoleArn", executionRoleArn, 20, 2048);
        v.size("containers", containers, 0, 15);
        if (primaryContainer == null && (containers == null || containers.isEmpty())) {
            v.fail("primaryContainer", null, "Member must not be null");
        }
        if (primaryContainer != null && containers != null && !containers.isEmpty()) {
            v.fail("containers", containers.size() + " containers",
                    "Member must be absent when primaryContainer is given");
        }
        if (tags != null) {
            Tag.validate(v, "tags", tags);
        }
        List<ContainerDefinition> all = allContainers();
        for (int i = 0; i < all.size(); i++) {
            String path = primaryContainer != null ? "primaryContainer" : Validator.member("containers", i);
            validate(v, path, all.get(i));
        }
        validatePipeline(v);
        v.throwIfInvalid();
    }

    /** AWS: Direct invocation needs every container named, and names pick containers, so they are unique. */
    private void validatePipeline(Validator v) {
        if (inferenceExecutionConfig != null) {
            v.required("inferenceExecutionConfig.mode", inferenceExecutionConfig.mode());
            v.oneOf("inferenceExecutionConfig.mode", inferenceExecutionConfig.mode(),
                    List.of(InferenceExecutionConfig.SERIAL, InferenceExecutionConfig.DIRECT));
        }
        if (containers == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            String hostname = containers.get(i).containerHostname();
            String path = Validator.child(Validator.member("containers", i), "containerHostname");
            if (hostname == null && inferenceExecutionConfig != null && inferenceExecutionConfig.isDirect()) {
                v.fail(path, null, "Member must not be null when inferenceExecutionConfig.mode is Direct");
            }
            if (hostname != null) {
                v.length(path, hostname, 1, 63).pattern(path, hostname, HOSTNAME_PATTERN);
                if (!seen.add(hostname.toLowerCase(Locale.ROOT))) {
                    v.fail(path, hostname, "Member must be unique among the model's containers");
                }
            }
        }
    }

    private static void validate(Validator v, String path, ContainerDefinition c) {
        v.required(Validator.child(path, "image"), c.image());
        v.length(Validator.child(path, "image"), c.image(), 0, 255);
        v.oneOf(Validator.child(path, "mode"), c.mode(), List.of("SingleModel", "MultiModel"));
        if ("MultiModel".equals(c.mode())) {
            v.fail(Validator.child(path, "mode"), c.mode(), "Sagebox does not serve multi-model containers yet");
        }
        if (c.modelDataUrl() != null && c.modelDataSource() != null) {
            v.fail(Validator.child(path, "modelDataSource"), "ModelDataSource",
                    "Member must be absent when modelDataUrl is given");
        }
        if (c.modelDataUrl() != null && !c.modelDataUrl().matches("^(https|s3|file)://.+")) {
            v.fail(Validator.child(path, "modelDataUrl"), c.modelDataUrl(),
                    "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$");
        }
        S3ModelDataSource s3 = c.modelDataSource() == null ? null : c.modelDataSource().s3DataSource();
        if (c.modelDataSource() != null && v.required(Validator.child(path, "modelDataSource.s3DataSource"), s3)) {
            String sp = Validator.child(path, "modelDataSource.s3DataSource");
            v.required(Validator.child(sp, "s3Uri"), s3.s3Uri());
            v.required(Validator.child(sp, "s3DataType"), s3.s3DataType());
            v.oneOf(Validator.child(sp, "s3DataType"), s3.s3DataType(), List.of("S3Prefix", "S3Object"));
            v.required(Validator.child(sp, "compressionType"), s3.compressionType());
            v.oneOf(Validator.child(sp, "compressionType"), s3.compressionType(), List.of("None", "Gzip"));
        }
        v.mapEntries(Validator.child(path, "environment"), c.environment(), 1024, "[a-zA-Z_][a-zA-Z0-9_]*", 1024,
                "[\\S\\s]*");
    }
}
