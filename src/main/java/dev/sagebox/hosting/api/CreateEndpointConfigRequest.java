package dev.sagebox.hosting.api;

import dev.sagebox.aws.Validator;
import dev.sagebox.tags.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** CreateEndpointConfig input; once valid (defaults written out, tags dropped) it is the config's spec. */
public record CreateEndpointConfigRequest(String endpointConfigName, List<ProductionVariant> productionVariants,
                                          String kmsKeyId, AsyncInferenceConfig asyncInferenceConfig,
                                          DataCaptureConfig dataCaptureConfig, List<Tag> tags) {
    public static final String NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    public CreateEndpointConfigRequest spec() {
        return new CreateEndpointConfigRequest(endpointConfigName,
                productionVariants.stream().map(ProductionVariant::withDefaults).toList(), kmsKeyId,
                asyncInferenceConfig, dataCaptureConfig, null);
    }

    public void validate() {
        Validator v = Validator.create();
        if (v.required("endpointConfigName", endpointConfigName)) {
            v.length("endpointConfigName", endpointConfigName, 0, 63)
                    .pattern("endpointConfigName", endpointConfigName, NAME_PATTERN);
        }
        if (v.required("productionVariants", productionVariants)) {
            v.size("productionVariants", productionVariants, 1, 10);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < productionVariants.size(); i++) {
                validate(v, Validator.member("productionVariants", i), productionVariants.get(i), names);
            }
        }
        if (asyncInferenceConfig != null) {
            validate(v, asyncInferenceConfig);
        }
        if (dataCaptureConfig != null) {
            validate(v, dataCaptureConfig);
        }
        if (tags != null) {
            Tag.validate(v, "tags", tags);
        }
        v.throwIfInvalid();
    }

    private static void validate(Validator v, String path, ProductionVariant p, Set<String> names) {
        String name = Validator.child(path, "variantName");
        if (v.required(name, p.variantName())) {
            v.length(name, p.variantName(), 0, 63).pattern(name, p.variantName(), NAME_PATTERN);
            if (!names.add(p.variantName().toLowerCase(Locale.ROOT))) {
                v.fail(name, p.variantName(), "Member must be unique among the production variants");
            }
        }
        String model = Validator.child(path, "modelName");
        if (v.required(model, p.modelName())) {
            v.length(model, p.modelName(), 0, 63).pattern(model, p.modelName(), CreateModelRequest.NAME_PATTERN);
        }
        v.range(Validator.child(path, "initialInstanceCount"), p.initialInstanceCount(), 1, Integer.MAX_VALUE);
        if (p.initialVariantWeight() != null && p.initialVariantWeight() < 0) {
            v.fail(Validator.child(path, "initialVariantWeight"), p.initialVariantWeight(),
                    "Member must have value greater than or equal to 0");
        }
        String type = Validator.child(path, "instanceType");
        if (p.instanceType() != null && !p.instanceType().startsWith("ml.")
                && !List.of("local", "local_gpu").contains(p.instanceType())) {
            v.fail(type, p.instanceType(), "Member must satisfy enum value set: [ml.*, local, local_gpu]");
        }
        v.range(Validator.child(path, "containerStartupHealthCheckTimeoutInSeconds"),
                p.containerStartupHealthCheckTimeoutInSeconds(), 60, 3600);
        v.range(Validator.child(path, "modelDataDownloadTimeoutInSeconds"), p.modelDataDownloadTimeoutInSeconds(),
                60, 3600);
    }

    private static void validate(Validator v, AsyncInferenceConfig async) {
        String output = "asyncInferenceConfig.outputConfig.s3OutputPath";
        if (v.required(output, async.outputPath())) {
            v.pattern(output, async.outputPath(), "^(https|s3)://([^/])/?(.*)$");
        }
        if (async.clientConfig() != null) {
            v.range("asyncInferenceConfig.clientConfig.maxConcurrentInvocationsPerInstance",
                    async.clientConfig().maxConcurrentInvocationsPerInstance(), 1, 1000);
        }
    }

    private static void validate(Validator v, DataCaptureConfig capture) {
        v.required("dataCaptureConfig.initialSamplingPercentage", capture.initialSamplingPercentage());
        v.range("dataCaptureConfig.initialSamplingPercentage", capture.initialSamplingPercentage(), 0, 100);
        if (v.required("dataCaptureConfig.destinationS3Uri", capture.destinationS3Uri())) {
            v.pattern("dataCaptureConfig.destinationS3Uri", capture.destinationS3Uri(), "^(https|s3)://([^/])/?(.*)$");
        }
        if (v.required("dataCaptureConfig.captureOptions", capture.captureOptions())) {
            v.size("dataCaptureConfig.captureOptions", capture.captureOptions(), 1, 2);
            for (int i = 0; i < capture.captureOptions().size(); i++) {
                String mode = Validator.child(Validator.member("dataCaptureConfig.captureOptions", i), "captureMode");
                v.required(mode, capture.captureOptions().get(i).captureMode());
                v.oneOf(mode, capture.captureOptions().get(i).captureMode(),
                        List.of("Input", "Output", "InputAndOutput"));
            }
        }
    }
}
