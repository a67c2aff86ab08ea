package dev.sagebox.hosting.serve;

import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.Workload;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A serving workload that listens on a port of its own choosing rather than the allocated one: an image without the
 * {@code accept-bind-to-port} label listens on 8080 (CONTRACTS §6.3), and the fleet must ping and invoke it there.
 */
record FixedPortWorkload(Workload delegate, int port) implements Workload {
    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
        return delegate.onExit();
    }

    @Override
    public void stop(Duration grace) {
        delegate.stop(grace);
    }

    @Override
    public void timeOut(Duration grace) {
        delegate.timeOut(grace);
    }
}
