package dev.sagebox.training.run;

import dev.sagebox.jobs.ContainerCommand;
import dev.sagebox.jobs.OptMl;
import dev.sagebox.jobs.ResourceConfigFile;
import dev.sagebox.jobs.placement.InstanceType;
import dev.sagebox.jobs.placement.InstanceTypes;
import dev.sagebox.runtime.ContainerOptions;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.WorkloadSpec;
import dev.sagebox.training.AlgorithmSpecification;
import dev.sagebox.training.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training host as a container (CONTRACTS §4.2): the image's ENTRYPOINT with CMD {@code train}, or the request's
 * entrypoint and arguments; hostname {@code algo-i} with every host's name on the loopback address; the host's tree
 * at {@code /opt/ml} with {@code input/} (config files and channels) read-only, {@code file://} directory channels
 * bind-mounted read-only in place; limits from the instance type.
 */
final class ContainerTrainingSpec {
    private ContainerTrainingSpec() {
    }

    static WorkloadSpec of(TrainingJob job, String localImage, int hostIndex, OptMl layout, List<Mount> channelMounts,
                           String baseUrl, Map<String, String> labels, InstanceTypes instanceTypes) {
        AlgorithmSpecification algorithm = job.spec().algorithmSpecification();
        ContainerCommand command = ContainerCommand.of(algorithm.containerEntrypoint(),
                algorithm.containerArguments(), List.of("train"));
        List<ResourceConfigFile.Group> groups = TrainingJobFiles.groups(job.spec());
        List<String> hosts = ResourceConfigFile.hosts(groups);
        String host = hosts.get(hostIndex);
        InstanceType type = instanceTypes.of(instanceType(groups, hostIndex));
        ContainerOptions options = new ContainerOptions(command.entrypoint(), host, hosts, type.gpus(),
                job.name() + "-" + host);
        List<Mount> mounts = new ArrayList<>(List.of(new Mount(layout.root(), OptMl.CONTAINER_ROOT, false),
                new Mount(layout.root().resolve("input"), OptMl.CONTAINER_ROOT + "/input", true)));
        mounts.addAll(channelMounts);
        return WorkloadSpec.container(localImage, options, command.command(),
                TrainingEnvironment.container(job, baseUrl), mounts, labels, type.limits(),
                Boolean.TRUE.equals(job.spec().enableNetworkIsolation()));
    }

    private static String instanceType(List<ResourceConfigFile.Group> groups, int hostIndex) {
        int next = 0;
        for (ResourceConfigFile.Group group : groups) {
            next += group.count();
            if (hostIndex < next) {
                return group.instanceType();
            }
        }
        return null;
    }
}
