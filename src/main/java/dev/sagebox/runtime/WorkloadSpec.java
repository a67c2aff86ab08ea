package dev.sagebox.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run, in our own words: a command (process runtime) or an image with an optional command (container
 * runtimes), its complete environment, mounts, working directory, labels and limits.
 *
 * @param image           the image to run, or null for a host command
 * @param command         argv; for an image it replaces CMD, for a host process it is the program and arguments
 * @param environment     the complete environment: nothing is inherited from the server (an image's own ENV stays)
 * @param mounts          directories made visible to the workload
 * @param workingDir      the host directory a host process starts in, or null for the runtime's default; containers
 *                        start in the image's WORKDIR
 * @param labels          e.g. {@code sagebox.arn}, so a restart can find orphans
 * @param limits          resource limits, applied where the runtime can
 * @param networkIsolated whether the workload gets no network
 * @param container       what only a container has (entrypoint, hostname, host aliases, GPUs), or null for a host
 *                        command
 */
public record WorkloadSpec(String image, List<String> command, Map<String, String> environment, List<Mount> mounts,
                           Path workingDir, Map<String, String> labels, Limits limits, boolean networkIsolated,
                           ContainerOptions container) {
    public WorkloadSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        limits = limits == null ? Limits.none() : limits;
    }

    /** A host command with its environment, run in {@code workingDir}. */
    public static WorkloadSpec command(List<String> command, Map<String, String> environment, Path workingDir,
                                       Map<String, String> labels) {
        return new WorkloadSpec(null, command, environment, List.of(), workingDir, labels, Limits.none(), false,
                null);
    }

    /** An image run as a container; {@code command} replaces the image's CMD. */
    public static WorkloadSpec container(String image, ContainerOptions options, List<String> command,
                                         Map<String, String> environment, List<Mount> mounts,
                                         Map<String, String> labels, Limits limits, boolean networkIsolated) {
        return new WorkloadSpec(image, command, environment, mounts, null, labels, limits, networkIsolated,
                options == null ? ContainerOptions.defaults() : options);
    }

    /** This spec with {@code mounts} made visible and, if {@code isolated}, no network but its own loopback. */
    public WorkloadSpec withSandbox(List<Mount> mounts, boolean isolated) {
        return new WorkloadSpec(image, command, environment, mounts, workingDir, labels, limits, isolated, container);
    }
}
