package dev.sagebox.runtime;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Whether {@link WorkloadSpec#mounts()} and {@link WorkloadSpec#networkIsolated()} take effect. The process runtime
     * honours them only inside bubblewrap; without it, callers rewrite container paths to host paths instead.
     */
    default boolean honoursMounts() {
        return true;
    }

    /**
     * The name under which this runtime can run {@code image} without pulling anything, or empty when it cannot (a
     * runtime without images, or an image that is not local). Host-process runtimes run no images.
     *
     * @throws IOException when the runtime's engine does not answer; the message names the engine
     */
    default Optional<String> localImage(String image) throws IOException {
        return Optional.empty();
    }

    /**
     * Kills workloads left over from an earlier server process that carry every one of {@code labels}; a server that
     * died with jobs running calls this before it marks those jobs Failed.
     *
     * @return how many workloads were killed
     */
    int reapOrphans(Map<String, String> labels);
}
