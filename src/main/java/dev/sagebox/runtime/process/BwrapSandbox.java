package dev.sagebox.runtime.process;

import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.WorkloadSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Wraps a host command in bubblewrap: the host's root read-only, the spec's mounts on top (in order, so later ones
 * shadow earlier ones), no capabilities, and optionally a network namespace of its own. bwrap itself ignores SIGTERM
 * and the command gets the default action back: a stop's SIGTERM to the process group then reaches the job, which
 * may trap it for the grace period, instead of killing bwrap, whose {@code --die-with-parent} would SIGKILL the job at
 * once.
 *
 * @param bwrap            the bwrap executable, or null when it is unavailable
 * @param isolatesNetwork  whether {@code --unshare-net} works here
 * @param unavailable      why bwrap cannot be used, or null when it can
 */
record BwrapSandbox(Path bwrap, boolean isolatesNetwork, String unavailable) {
    private static final String ENV = "/usr/bin/env";

    boolean isAvailable() {
        return unavailable == null;
    }

    static BwrapSandbox absent(String why) {
        return new BwrapSandbox(null, false, why);
    }

    /** Finds bwrap on the server's PATH and checks that a sandbox starts, with and without its own network. */
    static BwrapSandbox probe() {
        Path bwrap = onPath("bwrap");
        if (bwrap == null) {
            return absent("bwrap is not installed (package bubblewrap)");
        }
        String version = run(List.of(bwrap.toString(), "--version"));
        if (version != null) {
            return absent("bwrap --version failed: " + version);
        }
        List<String> base = List.of(ENV, "--ignore-signal=TERM", bwrap.toString(), "--ro-bind", "/", "/", "--dev",
                "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--die-with-parent");
        List<String> withNet = new ArrayList<>(base);
        withNet.addAll(List.of("--unshare-net", ENV, "--default-signal=TERM", "true"));
        if (run(withNet) == null) {
            return new BwrapSandbox(bwrap, true, null);
        }
        List<String> plain = new ArrayList<>(base);
        plain.addAll(List.of(ENV, "--default-signal=TERM", "true"));
        String failure = run(plain);
        return failure == null ? new BwrapSandbox(bwrap, false, null) : absent("a probe sandbox failed: " + failure);
    }

    /** The full argv that runs {@code spec}'s command inside the sandbox. */
    List<String> wrap(WorkloadSpec spec) throws IOException {
        List<String> argv = new ArrayList<>(List.of(ENV, "--ignore-signal=TERM", bwrap.toString(),
                "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
        List<String> mounted = new ArrayList<>();
        Set<Path> masked = new HashSet<>();
        for (Mount mount : spec.mounts()) {
            mountPointFor(Path.of(mount.target()), mounted, masked, argv);
            argv.addAll(List.of(mount.readOnly() ? "--ro-bind" : "--bind", mount.source().toString(),
                    mount.target()));
            mounted.add(mount.target());
        }
        if (spec.networkIsolated()) {
            if (!isolatesNetwork) {
                throw new IOException("bwrap cannot create a network namespace here (--unshare-net failed), so the "
                        + "job's network cannot be isolated");
            }
            argv.add("--unshare-net");
        }
        argv.addAll(List.of("--cap-drop", "ALL", "--die-with-parent"));
        if (spec.workingDir() != null) {
            argv.addAll(List.of("--chdir", inside(spec.workingDir(), spec.mounts())));
        }
        argv.addAll(List.of(ENV, "--default-signal=TERM"));
        argv.addAll(spec.command());
        return argv;
    }

    /**
     * The read-only root cannot take new directories, so a target missing on the host (such as {@code /opt/ml}) needs
     * its nearest existing ancestor replaced by a tmpfs that re-binds that ancestor's entries (host {@code /opt} has
     * content, such as package indexes, that must stay visible).
     */
    private static void mountPointFor(Path target, List<String> mounted, Set<Path> masked, List<String> argv)
            throws IOException {
        for (String earlier : mounted) {
            if (target.startsWith(earlier)) {
                return;
            }
        }
        if (Files.exists(target)) {
            return;
        }
        Path ancestor = target.getParent();
        while (ancestor != null && !Files.isDirectory(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || ancestor.getParent() == null) {
            throw new IOException("bwrap cannot create mount point " + target + " on the read-only root");
        }
        if (!masked.add(ancestor)) {
            return;
        }
        argv.addAll(List.of("--tmpfs", ancestor.toString()));
        try (Stream<Path> entries = Files.list(ancestor)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isSymbolicLink(entry)) {
                    argv.addAll(List.of("--symlink", Files.readSymbolicLink(entry).toString(), entry.toString()));
                } else {
                    argv.addAll(List.of("--ro-bind", entry.toString(), entry.toString()));
                }
            }
        }
    }

    /** A host path as the sandbox sees it: under the last mount whose source holds it, else unchanged. */
    static String inside(Path host, List<Mount> mounts) {
        for (Mount mount : mounts.reversed()) {
            if (host.startsWith(mount.source())) {
                Path relative = mount.source().relativize(host);
                return relative.toString().isEmpty() ? mount.target() : mount.target() + "/" + relative;
            }
        }
        return host.toString();
    }

    private static Path onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    /** Runs a short probe command; null when it exited 0, else what it printed (or why it could not run). */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null
                    : "exit " + process.exitValue() + ": " + new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
