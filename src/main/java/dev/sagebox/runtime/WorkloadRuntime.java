package dev.sagebox.runtime;

import java.io.IOException;

/** Starts workloads: Docker containers or host processes. */
public interface WorkloadRuntime {
    /** A short name for logs: {@code docker}, {@code process}. */
    String name();

    /**
     * Starts {@code spec}, streaming each output line to {@code output}.
     *
     * @throws IOException when the workload cannot be started (missing program, bad directory); the message is
     *                     shown to the user as the job's failure reason
     */
    Workload start(WorkloadSpec spec, OutputListener output) throws IOException;
}
