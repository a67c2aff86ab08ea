package dev.sagebox.training;

import dev.sagebox.aws.SageMakerError;
import dev.sagebox.aws.Validator;
import dev.sagebox.tags.Tag;
import java.util.List;
import java.util.Map;

/**
 * CreateTrainingJob input, exactly as sent. Once {@link #validate()}d, {@link #withDefaults()} gives the job's spec:
 * what Describe echoes and what the runner executes. Configs Sagebox only stores are kept as raw maps.
 */
public record CreateTrainingJobRequest(
        String trainingJobName, Map<String, String> hyperParameters, AlgorithmSpecification algorithmSpecification,
        String roleArn, List<Channel> inputDataConfig, OutputDataConfig outputDataConfig,
        ResourceConfig resourceConfig, Map<String, Object> vpcConfig, StoppingCondition stoppingCondition,
        List<Tag> tags, Boolean enableNetworkIsolation, Boolean enableInterContainerTrafficEncryption,
        Boolean enableManagedSpotTraining, CheckpointConfig checkpointConfig, Map<String, Object> debugHookConfig,
        List<Map<String, Object>> debugRuleConfigurations, Map<String, Object> tensorBoardOutputConfig,
        Map<String, Object> experimentConfig, Map<String, Object> profilerConfig,
        List<Map<String, Object>> profilerRuleConfigurations, Map<String, String> environment,
        RetryStrategy retryStrategy, Map<String, Object> remoteDebugConfig, Map<String, Object> infraCheckConfig,
        Map<String, Object> sessionChainingConfig) {

    /** Jobs, endpoints, configs and variants share this name pattern (botocore {@code TrainingJobName}). */
    public static final String NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";
    static final String ROLE_PATTERN = "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$";

    /** Throws one ValidationException listing every constraint the request breaks, in AWS's words. */
    public void validate() {
        Validator v = Validator.create();
        if (v.required("trainingJobName", trainingJobName)) {
            v.length("trainingJobName", trainingJobName, 1, 63)
                    .pattern("trainingJobName", trainingJobName, NAME_PATTERN);
        }
        v.size("hyperParameters", hyperParameters, 0, 100);
        v.mapEntries("hyperParameters", hyperParameters, 256, ".*", 2500, ".*");
        if (v.required("algorithmSpecification", algorithmSpecification)) {
            algorithmSpecification.validate(v, "algorithmSpecification");
        }
        if (v.required("roleArn", roleArn)) {
            v.length("roleArn", roleArn, 20, 2048).pattern("roleArn", roleArn, ROLE_PATTERN);
        }
        validateChannels(v);
        if (v.required("outputDataConfig", outputDataConfig)) {
            outputDataConfig.validate(v, "outputDataConfig");
        }
        if (v.required("resourceConfig", resourceConfig)) {
            resourceConfig.validate(v, "resourceConfig");
        }
        if (v.required("stoppingCondition", stoppingCondition)) {
            stoppingCondition.validate(v, "stoppingCondition");
        }
        Tag.validate(v, "tags", tags);
        if (checkpointConfig != null) {
            checkpointConfig.validate(v, "checkpointConfig");
        }
        v.size("environment", environment, 0, 100);
        v.mapEntries("environment", environment, 512, "[a-zA-Z_][a-zA-Z0-9_]*", 512, "[\\S\\s]*");
        if (retryStrategy != null) {
            retryStrategy.validate(v, "retryStrategy");
        }
        v.throwIfInvalid();
        refuseUnsupported();
    }

    private void validateChannels(Validator v) {
        if (inputDataConfig == null) {
            return;
        }
        v.size("inputDataConfig", inputDataConfig, 1, 20);
        for (int i = 0; i < inputDataConfig.size(); i++) {
            String member = Validator.member("inputDataConfig", i);
            if (v.required(member, inputDataConfig.get(i))) {
                inputDataConfig.get(i).validate(v, member);
            }
        }
    }

    /** Valid requests that Sagebox cannot honour locally are refused up front rather than failing later. */
    private void refuseUnsupported() {
        algorithmSpecification.refuseAlgorithmName();
        for (Channel channel : inputDataConfig == null ? List.<Channel>of() : inputDataConfig) {
            if (channel.dataSource().s3DataSource() == null) {
                throw SageMakerError.VALIDATION.exception("Channel " + channel.channelName()
                        + ": only S3DataSource is supported; FileSystemDataSource needs a file system Sagebox"
                        + " does not have.");
            }
            if ("AugmentedManifestFile".equals(channel.dataSource().s3DataSource().s3DataType())) {
                throw SageMakerError.VALIDATION.exception("Channel " + channel.channelName()
                        + ": S3DataType AugmentedManifestFile is not supported by Sagebox.");
            }
        }
        if (inputDataConfig != null) {
            long distinct = inputDataConfig.stream().map(Channel::channelName).distinct().count();
            if (distinct != inputDataConfig.size()) {
                throw SageMakerError.VALIDATION.exception("Channel names must be unique.");
            }
        }
    }

    /** The spec: this request with AWS's echoed defaults filled in and tags left to the tag store. */
    public CreateTrainingJobRequest withDefaults() {
        List<Channel> channels = inputDataConfig == null ? null
                : inputDataConfig.stream().map(Channel::withDefaults).toList();
        return new CreateTrainingJobRequest(trainingJobName, hyperParameters == null ? Map.of() : hyperParameters,
                algorithmSpecification, roleArn, channels, outputDataConfig.withDefaults(),
                resourceConfig.withDefaults(), vpcConfig, stoppingCondition.withDefaults(), null,
                enableNetworkIsolation == null ? Boolean.FALSE : enableNetworkIsolation,
                enableInterContainerTrafficEncryption == null ? Boolean.FALSE : enableInterContainerTrafficEncryption,
                enableManagedSpotTraining == null ? Boolean.FALSE : enableManagedSpotTraining, checkpointConfig,
                debugHookConfig, debugRuleConfigurations, tensorBoardOutputConfig, experimentConfig, profilerConfig,
                profilerRuleConfigurations, environment, retryStrategy, remoteDebugConfig, infraCheckConfig,
                sessionChainingConfig);
    }
}
