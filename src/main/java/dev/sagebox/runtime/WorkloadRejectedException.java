package dev.sagebox.runtime;

import java.io.IOException;

/**
 * A runtime cannot give a workload what its spec asks for on this machine (GPUs where the engine has none and the
 * configuration says to fail). The message is written for the user: jobs show it as a {@code ClientError}.
 */
public final class WorkloadRejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    public WorkloadRejectedException(String message) {
        super(message);
    }
}
