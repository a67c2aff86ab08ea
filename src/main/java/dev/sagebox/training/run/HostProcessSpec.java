package dev.sagebox.training.run;

import dev.sagebox.jobs.OptMl;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.WorkloadSpec;
import dev.sagebox.scriptmode.ScriptModeHost;
import dev.sagebox.scriptmode.ScriptModeLaunch;
import dev.sagebox.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one host of a training job runs as a host process (CONTRACTS §4.4), and the job log's first line, which says
 * how it is confined. In a bwrap sandbox the host's tree is mounted at {@code /opt/ml} with input data and config
 * read-only, {@code /tmp} is private and {@code EnableNetworkIsolation} gets its own network; without one,
 * {@code /opt/ml} paths in arguments and environment values are rewritten to the tree's real path.
 *
 * <p>{@code channelMounts} are {@code file://} directory channels bound read-only at their channel path, staged
 * only under bwrap (without it, those channels were copied into the tree).
 *
 * @param spec   the workload to start
 * @param banner the job log's first line
 */
record HostProcessSpec(WorkloadSpec spec, String banner) {
    private static final Path SHADOWED = Path.of("/tmp");

    static HostProcessSpec of(TrainingJob job, TrainingCommand command, ScriptModeSetup scriptMode, String baseUrl,
                              OptMl layout, Path hostDir, Map<String, String> labels, List<Mount> channelMounts,
                              boolean sandboxed) throws IOException {
        // The tree as the process sees it: under bwrap /opt/ml is real, so rewriting maps it to itself.
        OptMl seen = sandboxed ? new OptMl(Path.of(OptMl.CONTAINER_ROOT)) : layout;
        Map<String, String> env = TrainingEnvironment.of(job, baseUrl, seen, command.binDir(), hostDir);
        List<String> argv = command.argv(seen);
        Path runDir = Files.createDirectories(hostDir.resolve("run"));
        if (command.isScriptMode()) {
            Files.createDirectories(scriptMode.venvCache());
            ScriptModeLaunch launch = scriptMode.program().launch(ScriptModeHost.of(command.interpreter(),
                            seen.root(), scriptMode.venvCache()).withSubmitTarball(scriptMode.submitTarball())
                    .withResultFile(runDir.resolve("script-mode-result.json")));
            argv = launch.command();
            env.putAll(launch.environment());
        }
        if (sandboxed && (job.spec().environment() == null || !job.spec().environment().containsKey("TMPDIR"))) {
            env.put("TMPDIR", SHADOWED.toString());
        }
        Path workDir = command.workDir() == null ? layout.root() : command.workDir();
        WorkloadSpec spec = WorkloadSpec.command(argv, env, workDir, labels);
        String image = job.spec().algorithmSpecification().trainingImage();
        String what = "Sagebox: running " + image
                + (command.isScriptMode() ? " in script mode with " + command.interpreter() : "") + " as host process";
        boolean isolated = Boolean.TRUE.equals(job.spec().enableNetworkIsolation());
        if (!sandboxed) {
            return new HostProcessSpec(spec, what + " without bwrap; /opt/ml is " + layout.root() + " and /opt/ml"
                    + " paths in arguments and environment values are rewritten to it"
                    + (isolated ? "; EnableNetworkIsolation is not enforced without bwrap" : ""));
        }
        List<Mount> mounts = mounts(layout, hostDir, runDir, channelMounts, command, scriptMode);
        return new HostProcessSpec(spec.withSandbox(mounts, isolated), what + " in a bwrap sandbox: /opt/ml is "
                + layout.root() + ", input data and config are read-only, /tmp is private, and the network is "
                + (isolated ? "isolated (EnableNetworkIsolation)" : "the host's"));
    }

    private static List<Mount> mounts(OptMl layout, Path hostDir, Path runDir, List<Mount> channelMounts,
                                      TrainingCommand command, ScriptModeSetup scriptMode) throws IOException {
        List<Mount> mounts = new ArrayList<>(List.of(
                new Mount(layout.root(), OptMl.CONTAINER_ROOT, false),
                new Mount(layout.data(), OptMl.CONTAINER_ROOT + "/input/data", true),
                new Mount(layout.config(), OptMl.CONTAINER_ROOT + "/input/config", true)));
        // file:// directory channels: the user's own directory, read-only, never copied.
        mounts.addAll(channelMounts);
        mounts.addAll(List.of(
                new Mount(Files.createDirectories(hostDir.resolve("tmp")), SHADOWED.toString(), false),
                new Mount(runDir, runDir.toString(), false)));
        if (command.isScriptMode()) {
            mounts.add(new Mount(scriptMode.venvCache(), scriptMode.venvCache().toString(), false));
        }
        // The private /tmp hides the host's: what the job needs from there (test data dirs live there) comes back.
        for (Path path : hostPathsNeeded(command, scriptMode)) {
            if (path.startsWith(SHADOWED) && Files.exists(path)) {
                mounts.add(new Mount(path, path.toString(), true));
            }
        }
        return mounts;
    }

    /** Host paths the process reads: the script-mode program, submit tarball and interpreter, the BYO directory. */
    private static List<Path> hostPathsNeeded(TrainingCommand command, ScriptModeSetup scriptMode) {
        List<Path> paths = new ArrayList<>();
        if (command.isScriptMode()) {
            paths.add(scriptMode.program().libDir());
            if (scriptMode.submitTarball() != null) {
                paths.add(scriptMode.submitTarball());
            }
            if (command.interpreter().startsWith("/")) {
                // A venv's python needs the venv's lib/ beside its bin/.
                Path bin = Path.of(command.interpreter()).getParent();
                paths.add("bin".equals(bin.getFileName().toString()) ? bin.getParent() : bin);
            }
        }
        if (command.binDir() != null) {
            paths.add(command.binDir());
        }
        return paths;
    }
}
