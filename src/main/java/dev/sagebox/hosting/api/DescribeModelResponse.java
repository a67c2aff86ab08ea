package dev.sagebox.hosting.api;

import java.time.Instant;
import java.util.List;

/** DescribeModel output: the spec as created, plus its ARN and creation time. */
public record DescribeModelResponse(String modelName, ContainerDefinition primaryContainer,
                                    List<ContainerDefinition> containers, String executionRoleArn,
                                    Boolean enableNetworkIsolation, Instant creationTime, String modelArn) {
    public static DescribeModelResponse of(CreateModelRequest spec, String arn, Instant created) {
        return new DescribeModelResponse(spec.modelName(), spec.primaryContainer(), spec.containers(),
                spec.executionRoleArn(), Boolean.TRUE.equals(spec.enableNetworkIsolation()), created, arn);
    }
}
