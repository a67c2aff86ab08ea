package dev.sagebox.runtime;

import java.util.List;

/**
 * The parts of a {@link WorkloadSpec} that only a container has.
 *
 * @param entrypoint  replaces the image's ENTRYPOINT, or null to keep it
 * @param hostname    the container's hostname ({@code algo-1}), or null for the runtime's choice
 * @param hostAliases names that resolve to the loopback address inside the container ({@code algo-1..N}), since
 *                    every host of a job shares the machine's network
 * @param gpus        whether the workload asks for every GPU
 * @param name        a readable part of the container's name ({@code <job>-algo-1}), or null
 */
public record ContainerOptions(List<String> entrypoint, String hostname, List<String> hostAliases, boolean gpus,
                               String name) {
    public ContainerOptions {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        hostAliases = hostAliases == null ? List.of() : List.copyOf(hostAliases);
    }

    public static ContainerOptions defaults() {
        return new ContainerOptions(null, null, List.of(), false, null);
    }
}
