package dev.sagebox.hosting.serve;

import dev.sagebox.jobs.OutputTail;
import dev.sagebox.runtime.Workload;
import java.net.URI;
import java.nio.file.Path;

/** One running serving instance: its workload, where it listens, and whether it may get traffic. */
final class Instance {
    final String id;
    final String variant;
    final URI ping;
    final Workload workload;
    final OutputTail tail;
    final Path dir;
    final InstanceConnections connections;
    volatile boolean healthy;

    Instance(String id, String variant, int port, Workload workload, OutputTail tail, Path dir) {
        this.id = id;
        this.variant = variant;
        this.ping = URI.create("http://127.0.0.1:" + port + "/ping");
        this.workload = workload;
        this.tail = tail;
        this.dir = dir;
        this.connections = new InstanceConnections(port);
    }
}
