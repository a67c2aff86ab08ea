package dev.sagebox.hosting.serve;

import dev.sagebox.aws.Region;
import dev.sagebox.hosting.api.ContainerDefinition;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a batch transform job needs served: {@code instanceCount} instances of the model's containers (one, or an
 * inference pipeline's in order), whose environments already hold the job's batch variables (CONTRACTS §8.1).
 *
 * @param hostnames    each container's hostname, in the same order
 * @param jobName      names the Docker containers, as an endpoint name does
 * @param jobArn       the {@code sagebox.arn} label, so a restart reaps leftovers
 * @param logGroup     where each instance's output goes
 * @param streamOf     the log stream of an instance, from its id ({@code i-} and 17 hex digits)
 * @param readyTimeout how long an instance may take to answer {@code /ping}
 */
public record BatchPlan(Region region, String jobName, String jobArn, List<ContainerDefinition> containers,
                        List<String> hostnames,
                        boolean isolated, int instanceCount, String logGroup, UnaryOperator<String> streamOf,
                        Duration readyTimeout) {
}
