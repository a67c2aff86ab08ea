package dev.sagebox.training;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * DescribeTrainingJob output: a view of {@link TrainingJob}. Members the SageMaker Python SDK reads without checks
 * (CONTRACTS §2.4) are always present.
 */
public record DescribeTrainingJobResponse(
        String trainingJobName, String trainingJobArn, ModelArtifacts modelArtifacts, String trainingJobStatus,
        String secondaryStatus, String failureReason, Map<String, String> hyperParameters,
        AlgorithmSpecification algorithmSpecification, String roleArn, List<Channel> inputDataConfig,
        OutputDataConfig outputDataConfig, ResourceConfig resourceConfig, Map<String, Object> vpcConfig,
        StoppingCondition stoppingCondition, Instant creationTime, Instant trainingStartTime,
        Instant trainingEndTime, Instant lastModifiedTime, List<SecondaryStatusTransition> secondaryStatusTransitions,
        List<MetricData> finalMetricDataList, Boolean enableNetworkIsolation,
        Boolean enableInterContainerTrafficEncryption, Boolean enableManagedSpotTraining,
        CheckpointConfig checkpointConfig, Integer trainingTimeInSeconds, Integer billableTimeInSeconds,
        Map<String, Object> debugHookConfig, Map<String, Object> experimentConfig,
        List<Map<String, Object>> debugRuleConfigurations, Map<String, Object> tensorBoardOutputConfig,
        Map<String, Object> profilerConfig, List<Map<String, Object>> profilerRuleConfigurations,
        Map<String, String> environment, RetryStrategy retryStrategy, Map<String, Object> remoteDebugConfig,
        Map<String, Object> infraCheckConfig) {

    static DescribeTrainingJobResponse of(TrainingJob job) {
        CreateTrainingJobRequest spec = job.spec();
        return new DescribeTrainingJobResponse(spec.trainingJobName(), job.arn(),
                new ModelArtifacts(job.modelArtifacts()), job.status().wireName(), job.secondaryStatus().wireName(),
                job.failureReason(), spec.hyperParameters(), spec.algorithmSpecification(), spec.roleArn(),
                spec.inputDataConfig() == null ? List.of() : spec.inputDataConfig(), spec.outputDataConfig(),
                spec.resourceConfig(), spec.vpcConfig(), spec.stoppingCondition(), job.creationTime(),
                job.trainingStartTime(), job.trainingEndTime(), job.lastModifiedTime(), job.transitions(),
                job.finalMetrics().isEmpty() ? null : job.finalMetrics(), spec.enableNetworkIsolation(),
                spec.enableInterContainerTrafficEncryption(), spec.enableManagedSpotTraining(),
                spec.checkpointConfig(), job.trainingSeconds(), job.trainingSeconds(), spec.debugHookConfig(),
                spec.experimentConfig(), spec.debugRuleConfigurations(), spec.tensorBoardOutputConfig(),
                spec.profilerConfig(), spec.profilerRuleConfigurations(), spec.environment(), spec.retryStrategy(),
                spec.remoteDebugConfig(), spec.infraCheckConfig());
    }
}
