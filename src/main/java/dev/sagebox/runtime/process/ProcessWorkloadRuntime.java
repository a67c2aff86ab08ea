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
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link WorkloadSpec}'s command as a host process with exactly the spec's environment (nothing inherited, so
 * host credentials never reach the job). The process leads a new session via {@code setsid}, which makes its pid its
 * process group id: stopping signals the whole group, as stopping a container ends all its processes. Mounts and
 * network isolation need bubblewrap ({@link SandboxMode}); without it callers rewrite paths instead.
 */
public final class ProcessWorkloadRuntime implements WorkloadRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWorkloadRuntime.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final SandboxMode mode;
    private final CompletableFuture<BwrapSandbox> sandbox;

    /** A runtime without a sandbox. */
    public ProcessWorkloadRuntime() {
        this(SandboxMode.NONE);
    }

    /** A runtime that probes bwrap in the background at once, so the first job does not wait for the probe. */
    public ProcessWorkloadRuntime(SandboxMode mode) {
        this.mode = mode;
        if (mode == SandboxMode.NONE) {
            sandbox = CompletableFuture.completedFuture(BwrapSandbox.absent("sagebox.process.sandbox is none"));
        } else {
            sandbox = CompletableFuture.supplyAsync(ProcessWorkloadRuntime::probe,
                    command -> Thread.ofVirtual().name("bwrap-probe").start(command));
        }
    }

    private static BwrapSandbox probe() {
        BwrapSandbox probed = BwrapSandbox.probe();
        if (probed.isAvailable()) {
            LOG.info("process runtime: jobs run in a bwrap sandbox ({}; network isolation {})", probed.bwrap(),
                    probed.isolatesNetwork() ? "available" : "unavailable");
        } else {
            LOG.info("process runtime: jobs run without a sandbox: {}", probed.unavailable());
        }
        return probed;
    }

    private BwrapSandbox sandbox() {
        return sandbox.join();
    }

    @Override
    public boolean honoursMounts() {
        return mode == SandboxMode.BWRAP || sandbox().isAvailable();
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Workload start(WorkloadSpec spec, OutputListener output) throws IOException {
        if (spec.image() != null) {
            throw new IOException("the process runtime cannot run image " + spec.image());
        }
        List<String> command = new ArrayList<>();
        boolean ownGroup = Files.isExecutable(SETSID);
        if (ownGroup) {
            command.add(SETSID.toString());
        }
        if (spec.mounts().isEmpty() && !spec.networkIsolated()) {
            command.addAll(spec.command());
        } else {
            BwrapSandbox bwrap = sandbox();
            if (!bwrap.isAvailable()) {
                throw new IOException("the process runtime cannot mount directories or isolate the network without"
                        + " bwrap: " + bwrap.unavailable());
            }
            command.addAll(bwrap.wrap(spec));
        }
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
