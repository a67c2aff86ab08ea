package dev.sagebox.processing.run;

import dev.sagebox.jobs.ContainerCommand;
import dev.sagebox.jobs.JobEnvironment;
import dev.sagebox.jobs.OptMl;
import dev.sagebox.jobs.ProcessImage;
import dev.sagebox.jobs.ResourceConfigFile;
import dev.sagebox.jobs.placement.InstanceType;
import dev.sagebox.jobs.placement.InstanceTypes;
import dev.sagebox.processing.ProcessingJob;
import dev.sagebox.processing.api.AppSpecification;
import dev.sagebox.runtime.ContainerOptions;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one host of a processing job runs (CONTRACTS §8.2). A container gets the image's ENTRYPOINT, or
 * {@code ContainerEntrypoint}, with the arguments as CMD (never {@code train}), the host's tree at {@code /opt/ml}
 * with {@code config/} and every input read-only. A host process runs {@code ContainerEntrypoint} plus arguments, a
 * leading {@code python}/{@code python3} becoming the mapped interpreter, confined like a training host.
 */
final class ProcessingWorkloads {
    private static final Set<String> PYTHONS = Set.of("python", "python3");
    private static final Path SHADOWED = Path.of("/tmp");

    /** What every host of the job shares. */
    record Job(ProcessingJob job, String baseUrl, boolean writableInputs, InstanceTypes instanceTypes) {
        JobEnvironment environment() {
            return new JobEnvironment("PROCESSING_JOB", job.name(), job.arn(), job.region(), baseUrl,
                    job.spec().isNetworkIsolated());
        }
    }

    /**
     * A host process's command before {@code /opt/ml} rewriting.
     *
     * @param argv   the program and its arguments
     * @param binDir the mapped BYO directory, first on PATH and the working directory; or null
     */
    record HostCommand(List<String> argv, Path binDir) {
        static HostCommand resolve(AppSpecification app, ProcessImage mapping) throws ClientError {
            Path dir = mapping.directory() == null ? null : Path.of(mapping.directory());
            List<String> argv = new ArrayList<>();
            if (app.hasEntrypoint()) {
                argv.addAll(app.containerEntrypoint());
            } else if (dir == null || app.arguments().isEmpty()) {
                throw new ClientError("Image " + app.imageUri() + " runs as a host process, which has no ENTRYPOINT"
                        + " of its own; give AppSpecification.ContainerEntrypoint"
                        + (dir == null ? "" : " or ContainerArguments naming a program in " + dir));
            }
            argv.addAll(app.arguments());
            if (mapping.python() != null && PYTHONS.contains(argv.getFirst())) {
                argv.set(0, mapping.python());
            }
            return new HostCommand(argv, dir);
        }
    }

    private ProcessingWorkloads() {
    }

    static WorkloadSpec container(Job run, ProcessingHost host, String localImage, Map<String, String> labels) {
        ProcessingJob job = run.job();
        AppSpecification app = job.spec().appSpecification();
        ContainerCommand command = ContainerCommand.of(app.containerEntrypoint(), app.containerArguments(),
                List.of());
        List<String> hosts = ResourceConfigFile.hosts(ProcessingJobFiles.groups(job));
        InstanceType type = run.instanceTypes().of(job.spec().processingResources().clusterConfig().instanceType());
        ContainerOptions options = new ContainerOptions(command.entrypoint(), host.name(), hosts, type.gpus(),
                job.name() + "-" + host.name());
        Map<String, String> env = run.environment().forContainer();
        if (job.spec().environment() != null) {
            env.putAll(job.spec().environment());
        }
        return WorkloadSpec.container(localImage, options, command.command(), env, mounts(run, host), labels,
                type.limits(), job.spec().isNetworkIsolated());
    }

    static WorkloadSpec hostProcess(Job run, ProcessingHost host, HostCommand command, Map<String, String> labels,
                                    boolean sandboxed) throws IOException {
        ProcessingJob job = run.job();
        OptMl seen = sandboxed ? new OptMl(Path.of(OptMl.CONTAINER_ROOT)) : host.layout();
        Map<String, String> env = run.environment().forHostProcess(seen, command.binDir(), host.hostDir());
        if (job.spec().environment() != null) {
            job.spec().environment().forEach((name, value) -> env.put(name, seen.rewrite(value)));
        }
        Map<String, String> given = job.spec().environment();
        if (sandboxed && (given == null || !given.containsKey("TMPDIR"))) {
            env.put("TMPDIR", SHADOWED.toString());
        }
        List<String> argv = command.argv().stream().map(seen::rewrite).toList();
        Path workDir = command.binDir() != null ? command.binDir() : host.layout().root();
        WorkloadSpec spec = WorkloadSpec.command(argv, env, workDir, labels);
        if (!sandboxed) {
            return spec;
        }
        List<Mount> mounts = mounts(run, host);
        mounts.add(new Mount(Files.createDirectories(host.hostDir().resolve("tmp")), SHADOWED.toString(), false));
        // The private /tmp hides the host's: the interpreter or BYO directory may live there (tests' do).
        for (Path path : hostPathsNeeded(command)) {
            if (path.startsWith(SHADOWED) && Files.exists(path)) {
                mounts.add(new Mount(path, path.toString(), true));
            }
        }
        return spec.withSandbox(mounts, job.spec().isNetworkIsolated());
    }

    /** The tree at {@code /opt/ml}, then config and each input read-only over it. */
    private static List<Mount> mounts(Job run, ProcessingHost host) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount(host.layout().root(), OptMl.CONTAINER_ROOT, false));
        mounts.add(new Mount(host.config(), OptMl.CONTAINER_ROOT + "/config", true));
        for (Path dir : host.inputDirs()) {
            String target = OptMl.CONTAINER_ROOT + "/" + host.layout().root().relativize(dir);
            mounts.add(new Mount(dir, target, !run.writableInputs()));
        }
        return mounts;
    }

    private static List<Path> hostPathsNeeded(HostCommand command) {
        List<Path> paths = new ArrayList<>();
        if (command.binDir() != null) {
            paths.add(command.binDir());
        }
        if (command.argv().getFirst().startsWith("/")) {
            // A venv's python needs the venv's lib/ beside its bin/.
            Path bin = Path.of(command.argv().getFirst()).getParent();
            paths.add("bin".equals(bin.getFileName().toString()) ? bin.getParent() : bin);
        }
        return paths;
    }

    /** The job log's first line: where the job runs and how it is confined. */
    static String banner(ProcessingJob job, String where, boolean hostProcess, boolean sandboxed, Path root) {
        String image = job.spec().appSpecification().imageUri();
        if (!hostProcess) {
            return "Sagebox: running " + image + where + " in a Docker container";
        }
        if (!sandboxed) {
            return "Sagebox: running " + image + " as host process without bwrap; /opt/ml is " + root
                    + " and /opt/ml paths in arguments and environment values are rewritten to it";
        }
        return "Sagebox: running " + image + " as host process in a bwrap sandbox: /opt/ml is " + root
                + ", inputs and config are read-only and /tmp is private";
    }
}
