package dev.sagebox.processing.api;

import dev.sagebox.aws.SageMakerError;
import dev.sagebox.aws.Validator;
import dev.sagebox.tags.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateProcessingJob input, exactly as sent. Once {@link #validate()}d, {@link #withDefaults()} gives the job's spec:
 * what Describe echoes, what {@code processingjobconfig.json} holds and what the runner executes.
 */
public record CreateProcessingJobRequest(
        List<ProcessingInput> processingInputs, ProcessingOutputConfig processingOutputConfig,
        String processingJobName, ProcessingResources processingResources,
        ProcessingStoppingCondition stoppingCondition, AppSpecification appSpecification,
        Map<String, String> environment, Map<String, Object> networkConfig, String roleArn, List<Tag> tags,
        Map<String, Object> experimentConfig) {

    public static final String NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";
    static final String ROLE_PATTERN = "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$";
    /** Inputs and outputs live here in the cloud's containers; the process runtime maps only this tree. */
    public static final String PROCESSING_ROOT = "/opt/ml/processing/";

    /** Throws one ValidationException listing every constraint the request breaks, in AWS's words. */
    public void validate() {
        Validator v = Validator.create();
        validateName(v, processingJobName);
        if (v.required("processingResources", processingResources)) {
            processingResources.validate(v, "processingResources");
        }
        if (v.required("appSpecification", appSpecification)) {
            appSpecification.validate(v, "appSpecification");
        }
        if (v.required("roleArn", roleArn)) {
            v.length("roleArn", roleArn, 20, 2048).pattern("roleArn", roleArn, ROLE_PATTERN);
        }
        if (processingInputs != null) {
            v.size("processingInputs", processingInputs, 0, 10);
            for (int i = 0; i < processingInputs.size(); i++) {
                String member = Validator.member("processingInputs", i);
                if (v.required(member, processingInputs.get(i))) {
                    processingInputs.get(i).validate(v, member);
                }
            }
        }
        if (processingOutputConfig != null) {
            processingOutputConfig.validate(v, "processingOutputConfig");
        }
        if (stoppingCondition != null) {
            stoppingCondition.validate(v, "stoppingCondition");
        }
        v.size("environment", environment, 0, 100);
        v.mapEntries("environment", environment, 256, "[a-zA-Z_][a-zA-Z0-9_]*", 256, "[\\S\\s]*");
        Tag.validate(v, "tags", tags);
        v.throwIfInvalid();
        refuseUnsupported();
    }

    /** The name check Describe and Stop share with Create. */
    public static void validateName(Validator v, String name) {
        if (v.required("processingJobName", name)) {
            v.length("processingJobName", name, 1, 63).pattern("processingJobName", name, NAME_PATTERN);
        }
    }

    /** Valid requests that Sagebox cannot honour locally are refused up front rather than failing later. */
    private void refuseUnsupported() {
        Set<String> names = new HashSet<>();
        List<String> localPaths = new ArrayList<>();
        for (ProcessingInput input : inputs()) {
            if (!names.add(input.inputName())) {
                throw invalid("ProcessingInput names must be unique; " + input.inputName() + " is repeated.");
            }
            if (input.datasetDefinition() != null) {
                throw invalid("ProcessingInput " + input.inputName() + ": DatasetDefinition is not supported by"
                        + " Sagebox, which has no Athena or Redshift; give an S3Input instead.");
            }
            ProcessingS3Input s3 = input.s3Input();
            if (s3 == null) {
                throw invalid("ProcessingInput " + input.inputName() + " must have an S3Input.");
            }
            if ("Gzip".equals(s3.s3CompressionType()) && !"Pipe".equals(s3.s3InputMode())) {
                throw invalid("ProcessingInput " + input.inputName() + ": S3CompressionType Gzip is only"
                        + " supported with S3InputMode Pipe.");
            }
            localPaths.add(requireLocalPath("ProcessingInput " + input.inputName(), s3.localPath()));
        }
        for (ProcessingOutput output : outputs()) {
            if (!names.add(output.outputName())) {
                throw invalid("Input and output names must be unique; " + output.outputName() + " is repeated.");
            }
            if (output.featureStoreOutput() != null || output.s3Output() == null) {
                throw invalid("ProcessingOutput " + output.outputName() + ": only S3Output is supported by Sagebox;"
                        + " FeatureStoreOutput needs a feature store Sagebox does not have.");
            }
            localPaths.add(requireLocalPath("ProcessingOutput " + output.outputName(), output.s3Output().localPath()));
        }
        refuseOverlaps(localPaths);
    }

    private static String requireLocalPath(String what, String localPath) {
        if (localPath == null || !(localPath + "/").startsWith(PROCESSING_ROOT) || localPath.contains("..")
                || (localPath + "/").equals(PROCESSING_ROOT)) {
            throw invalid(what + ": LocalPath " + (localPath == null ? "is missing; it" : localPath)
                    + " must be a directory under " + PROCESSING_ROOT);
        }
        return localPath.replaceAll("/+$", "");
    }

    /** Each input and output is its own directory; one inside another would mix inputs with outputs. */
    private static void refuseOverlaps(List<String> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = 0; j < paths.size(); j++) {
                if (i != j && (paths.get(i).equals(paths.get(j)) || paths.get(j).startsWith(paths.get(i) + "/"))) {
                    throw invalid("LocalPath " + paths.get(j) + " is used twice or lies inside " + paths.get(i)
                            + "; each input and output needs a directory of its own.");
                }
            }
        }
    }

    private static RuntimeException invalid(String message) {
        return SageMakerError.VALIDATION.exception(message);
    }

    /** The inputs, never null. */
    public List<ProcessingInput> inputs() {
        return processingInputs == null ? List.of() : processingInputs;
    }

    /** The outputs, never null. */
    public List<ProcessingOutput> outputs() {
        return processingOutputConfig == null || processingOutputConfig.outputs() == null ? List.of()
                : processingOutputConfig.outputs();
    }

    /** The spec: this request with the cloud's echoed defaults filled in and tags left to the tag store. */
    public CreateProcessingJobRequest withDefaults() {
        return new CreateProcessingJobRequest(
                processingInputs == null ? null : processingInputs.stream().map(ProcessingInput::withDefaults)
                        .toList(),
                processingOutputConfig == null ? null : processingOutputConfig.withDefaults(), processingJobName,
                processingResources, ProcessingStoppingCondition.orDefault(stoppingCondition), appSpecification,
                environment, networkConfig, roleArn, null, experimentConfig);
    }

    /** Whether {@code NetworkConfig.EnableNetworkIsolation} is true. */
    public boolean isNetworkIsolated() {
        return networkConfig != null && Boolean.TRUE.equals(networkConfig.get("EnableNetworkIsolation"));
    }
}
