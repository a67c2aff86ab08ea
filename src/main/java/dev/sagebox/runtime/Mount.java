package dev.sagebox.runtime;

import java.nio.file.Path;

/** A host directory or file made visible to the workload at {@code target}. */
public record Mount(Path source, String target, boolean readOnly) {
}
