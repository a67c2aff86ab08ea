package dev.sagebox.transform.api;

import dev.sagebox.aws.SageMakerError;
import dev.sagebox.aws.Validator;
import dev.sagebox.tags.Tag;
import java.util.List;
import java.util.Map;

/**
 * CreateTransformJob input, exactly as sent. Once {@link #validate()}d, {@link #withDefaults()} gives the job's spec:
 * what Describe echoes and what the runner executes. Batch settings the user left out stay null in the spec, because
 * the container's {@code /execution-parameters} may fill them; the runner records the values it used.
 */
public record CreateTransformJobRequest(
        String transformJobName, String modelName, Integer maxConcurrentTransforms,
        ModelClientConfig modelClientConfig, Integer maxPayloadInMB, String batchStrategy,
        Map<String, String> environment, TransformInput transformInput, TransformOutput transformOutput,
        Map<String, Object> dataCaptureConfig, TransformResources transformResources, DataProcessing dataProcessing,
        List<Tag> tags, Map<String, Object> experimentConfig) {

    /** Jobs share the name pattern of training jobs and endpoints (botocore {@code TransformJobName}). */
    public static final String NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";
    static final String MODEL_NAME_PATTERN = "^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$";

    /** Throws one ValidationException listing every constraint the request breaks, in AWS's words. */
    public void validate() {
        Validator v = Validator.create();
        if (v.required("transformJobName", transformJobName)) {
            v.length("transformJobName", transformJobName, 1, 63)
                    .pattern("transformJobName", transformJobName, NAME_PATTERN);
        }
        if (v.required("modelName", modelName)) {
            v.length("modelName", modelName, 1, 63).pattern("modelName", modelName, MODEL_NAME_PATTERN);
        }
        v.range("maxConcurrentTransforms", maxConcurrentTransforms, 0, Integer.MAX_VALUE);
        v.range("maxPayloadInMB", maxPayloadInMB, 0, Integer.MAX_VALUE);
        v.oneOf("batchStrategy", batchStrategy, List.of("MultiRecord", "SingleRecord"));
        if (modelClientConfig != null) {
            modelClientConfig.validate(v, "modelClientConfig");
        }
        v.size("environment", environment, 0, 16);
        v.mapEntries("environment", environment, 1024, "[a-zA-Z_][a-zA-Z0-9_]{0,1023}", 10240, "[\\S\\s]*");
        if (v.required("transformInput", transformInput)) {
            transformInput.validate(v, "transformInput");
        }
        if (v.required("transformOutput", transformOutput)) {
            transformOutput.validate(v, "transformOutput");
        }
        if (v.required("transformResources", transformResources)) {
            transformResources.validate(v, "transformResources");
        }
        if (dataProcessing != null) {
            dataProcessing.validate(v, "dataProcessing");
        }
        Tag.validate(v, "tags", tags);
        v.throwIfInvalid();
        refuseUnsupported();
    }

    /** Valid requests that Sagebox cannot honour locally are refused up front rather than failing later. */
    private void refuseUnsupported() {
        String type = transformInput.dataSource().s3DataSource().s3DataType();
        if (!type.equals("S3Prefix") && !type.equals("ManifestFile")) {
            throw SageMakerError.VALIDATION.exception("S3DataType " + type + " is not supported by Sagebox; use "
                    + "S3Prefix or ManifestFile.");
        }
    }

    /** The spec: this request with AWS's echoed defaults filled in and tags left to the tag store. */
    public CreateTransformJobRequest withDefaults() {
        return new CreateTransformJobRequest(transformJobName, modelName, maxConcurrentTransforms,
                ModelClientConfig.withDefaults(modelClientConfig), maxPayloadInMB, batchStrategy, environment,
                transformInput.withDefaults(), transformOutput.withDefaults(), dataCaptureConfig, transformResources,
                dataProcessing, null, experimentConfig);
    }
}
