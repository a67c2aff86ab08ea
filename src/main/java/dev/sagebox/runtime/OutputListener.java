package dev.sagebox.runtime;

import java.time.Instant;

/**
 * Receives each line a workload prints, without its line terminator, in arrival order per stream. Called from the
 * runtime's reader threads, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface OutputListener {
    void line(OutputSource source, String line, Instant receivedAt);

    static OutputListener ignore() {
        return (source, line, at) -> {
        };
    }
}
