package dev.sagebox.jobs.placement;

import dev.sagebox.jobs.ProcessImage;
import dev.sagebox.runtime.WorkloadRuntime;

/** Where a job's image runs: as a container of a local image, or as host processes per the process mapping. */
public sealed interface Placement {
    WorkloadRuntime runtime();

    /** @param localImage the local image the job's image resolved to (exact tag, ECR URI, alias) */
    record Container(WorkloadRuntime runtime, String localImage) implements Placement {
    }

    /** @param mapping the process image mapping entry that matched */
    record HostProcess(WorkloadRuntime runtime, ProcessImage mapping) implements Placement {
    }
}
