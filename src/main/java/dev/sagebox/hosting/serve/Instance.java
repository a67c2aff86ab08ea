package dev.sagebox.hosting.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running serving instance: its containers (one, or an inference pipeline's, in order), and whether it may get
 * traffic. A pipeline instance is healthy only while all of its containers are.
 */
final class Instance {
    final String id;
    final String variant;
    final Path dir;
    final List<ServedContainer> containers;
    /** Set by the first container exit, so a pipeline whose containers all end restarts once. */
    final AtomicBoolean ended = new AtomicBoolean();
    volatile boolean healthy;

    Instance(String id, String variant, Path dir, List<ServedContainer> containers) {
        this.id = id;
        this.variant = variant;
        this.dir = dir;
        this.containers = List.copyOf(containers);
    }

    ServedContainer container(String hostname) {
        for (ServedContainer c : containers) {
            if (c.hostname.equals(hostname)) {
                return c;
            }
        }
        return null;
    }
}
