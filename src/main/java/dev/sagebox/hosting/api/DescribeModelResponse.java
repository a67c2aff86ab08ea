package dev.sagebox.hosting.api;

import java.time.Instant;
import java.util.List;

/** DescribeModel output: the spec as created (InferenceExecutionConfig only if it was sent), its ARN and time. */
public record DescribeModelResponse(String modelName, ContainerDefinition primaryContainer,
                                    List<ContainerDefinition> containers,
                                    InferenceExecutionConfig inferenceExecutionConfig, String executionRoleArn,
                                    Boolean enableNetworkIsolation, Instant creationTime, String modelArn) {
    public static DescribeModelResponse of(CreateModelRequest spec, String arn, Instant created) {
        return new DescribeModelResponse(spec.modelName(), spec.primaryContainer(), spec.containers(),
                spec.inferenceExecutionConfig(),
                spec.executionRoleArn(), Boolean.TRUE.equals(spec.enableNetworkIsolation()), created, arn);
    }
}
