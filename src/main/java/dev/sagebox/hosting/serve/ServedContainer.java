package dev.sagebox.hosting.serve;

import dev.sagebox.jobs.OutputTail;
import dev.sagebox.runtime.Workload;
import java.net.URI;

/** One container of an instance: the name it answers to, where it listens, its workload and its log tail. */
final class ServedContainer {
    final String hostname;
    final URI ping;
    final Workload workload;
    final OutputTail tail;
    final InstanceConnections connections;

    ServedContainer(String hostname, int port, Workload workload, OutputTail tail) {
        this.hostname = hostname;
        this.ping = URI.create("http://127.0.0.1:" + port + "/ping");
        this.workload = workload;
        this.tail = tail;
        this.connections = new InstanceConnections(port);
    }
}
