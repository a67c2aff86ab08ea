package dev.sagebox.jobs.placement;

import dev.sagebox.runtime.Limits;

/**
 * What an instance type gives a workload.
 *
 * @param cpus        vCPUs, or null for no CPU limit
 * @param memoryBytes memory, or null for no memory limit
 * @param gpus        whether it has GPUs (the workload then asks for every GPU of the machine)
 */
public record InstanceType(Double cpus, Long memoryBytes, boolean gpus) {
    public Limits limits() {
        return new Limits(memoryBytes, cpus);
    }
}
