package dev.sagebox.hosting.serve;

import dev.sagebox.aws.Region;
import dev.sagebox.hosting.api.ContainerDefinition;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a launcher needs to start one endpoint instance.
 *
 * @param modelDir      the staged model data, shared read-only between instances
 * @param baseDir       this instance's own {@code /opt/ml} tree, whose {@code model} points at {@code modelDir}
 * @param port          the port it must listen on ({@code SAGEMAKER_BIND_TO_PORT})
 * @param safePortRange {@code lo-hi}, for internal servers ({@code SAGEMAKER_SAFE_PORT_RANGE})
 * @param labels        {@code sagebox.arn} and friends, so a restart can reap orphans
 * @param isolated      the model's {@code EnableNetworkIsolation}
 */
public record InstancePlan(Region region, String endpointName, String variantName, String instanceId,
                           ContainerDefinition container, Path modelDir, Path baseDir, int port, String safePortRange,
                           Map<String, String> labels, boolean isolated) {
}
