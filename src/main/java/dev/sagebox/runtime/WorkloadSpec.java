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
 * @param environment     the complete environment: nothing is inherited from the server
 * @param mounts          directories made visible to the workload
 * @param workingDir      the directory the workload starts in, or null for the runtime's default
 * @param labels          e.g. {@code sagebox.arn}, so a restart can find orphans
 * @param limits          resource limits, applied where the runtime can
 * @param networkIsolated whether the workload gets no network
 */
public record WorkloadSpec(String image, List<String> command, Map<String, String> environment, List<Mount> mounts,
                           Path workingDir, Map<String, String> labels, Limits limits, boolean networkIsolated) {
    public WorkloadSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
    }

    /** A host command with its environment, run in {@code workingDir}. */
    public static WorkloadSpec command(List<String> command, Map<String, String> environment, Path workingDir,
                                       Map<String, String> labels) {
        return new WorkloadSpec(null, command, environment, List.of(), workingDir, labels, Limits.none(), false);
    }

    /** This spec with {@code mounts} made visible and, if {@code isolated}, no network but its own loopback. */
    public WorkloadSpec withSandbox(List<Mount> mounts, boolean isolated) {
        return new WorkloadSpec(image, command, environment, mounts, workingDir, labels, limits, isolated);
    }
}
