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
    final URI invocations;
    final Workload workload;
    final OutputTail tail;
    final Path dir;
    volatile boolean healthy;

    Instance(String id, String variant, int port, Workload workload, OutputTail tail, Path dir) {
        this.id = id;
        this.variant = variant;
        this.ping = URI.create("http://127.0.0.1:" + port + "/ping");
        this.invocations = URI.create("http://127.0.0.1:" + port + "/invocations");
        this.workload = workload;
        this.tail = tail;
        this.dir = dir;
    }
}
