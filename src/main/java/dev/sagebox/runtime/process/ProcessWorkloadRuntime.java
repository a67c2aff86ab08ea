package dev.sagebox.runtime.process;

import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadRuntime;
import dev.sagebox.runtime.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link WorkloadSpec}'s command as a host process with exactly the spec's environment (nothing inherited, so
 * host credentials never reach the job). The process leads a new session via {@code setsid}, which makes its pid its
 * process group id: stopping signals the whole group, as stopping a container ends all its processes. Mounts are not
 * supported here; callers rewrite paths instead.
 */
public final class ProcessWorkloadRuntime implements WorkloadRuntime {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Workload start(WorkloadSpec spec, OutputListener output) throws IOException {
        if (spec.image() != null) {
            throw new IOException("the process runtime cannot run image " + spec.image());
        }
        if (!spec.mounts().isEmpty()) {
            throw new IOException("the process runtime cannot mount directories");
        }
        List<String> command = new ArrayList<>();
        boolean ownGroup = Files.isExecutable(SETSID);
        if (ownGroup) {
            command.add(SETSID.toString());
        }
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        if (!spec.labels().isEmpty()) {
            // Host processes have no labels of their own; the environment carries them for reapOrphans.
            builder.environment().put(OrphanReaper.VARIABLE, OrphanReaper.encode(spec.labels()));
        }
        if (spec.workingDir() != null) {
            builder.directory(spec.workingDir().toFile());
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        return ProcessWorkload.started(process, ownGroup, output);
    }

    @Override
    public int reapOrphans(Map<String, String> labels) {
        return OrphanReaper.reap(labels);
    }
}
