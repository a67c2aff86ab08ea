package dev.sagebox.hosting.serve;

import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.Workload;
import java.io.IOException;

/** Starts one serving instance on some runtime; the only place where hosting chooses how an image runs. */
public interface InstanceLauncher {
    /**
     * Starts the instance described by {@code plan}, streaming its output to {@code output}.
     *
     * @throws IOException when it cannot be started; the message becomes part of the endpoint's failure reason
     */
    Workload launch(InstancePlan plan, OutputListener output) throws IOException;

    /** Kills instances left over from an earlier server process. */
    void reapOrphans();
}
