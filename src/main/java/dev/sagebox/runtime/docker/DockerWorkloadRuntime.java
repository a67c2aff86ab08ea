package dev.sagebox.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import dev.sagebox.runtime.ContainerOptions;
import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.OutputSource;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadRejectedException;
import dev.sagebox.runtime.WorkloadRuntime;
import dev.sagebox.runtime.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link WorkloadSpec}s with an image as Docker containers on a local engine (CONTRACTS §4.2, §4.4). Nothing
 * is pulled unless {@code sagebox.docker.allowPull=true}; containers are always removed; a container whose program
 * cannot even start (no {@code train} in the image) ends like {@code docker run} with exit code 127 or 126 and the
 * engine's message as its output.
 */
public final class DockerWorkloadRuntime implements WorkloadRuntime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerWorkloadRuntime.class);

    private final DockerSettings settings;
    private final DockerEngine engine;
    private final LocalImages images;
    private final HostUser owner = HostUser.current();
    private final OwnershipFixer ownership;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public DockerWorkloadRuntime(DockerSettings settings) {
        this.settings = settings;
        this.engine = DockerEngine.connect(settings.host());
        this.images = new LocalImages(engine, settings.aliases(), settings.allowPull());
        this.ownership = new OwnershipFixer(engine, owner);
    }

    @Override
    public String name() {
        return "docker";
    }

    /** The engine's address: {@code unix:///var/run/docker.sock} unless configured otherwise. */
    public String host() {
        return engine.host();
    }

    /** Whether the engine answers a ping now. */
    public boolean isAvailable() {
        return engine.answers();
    }

    @Override
    public Optional<String> localImage(String image) throws IOException {
        engine.ping();
        return images.resolve(image);
    }

    /** A local image's labels (its config's {@code Labels}), e.g. to learn whether it accepts a bind port. */
    public Map<String, String> imageLabels(String localImage) throws IOException {
        try {
            com.github.dockerjava.api.model.ContainerConfig config =
                    engine.control().inspectImageCmd(localImage).exec().getConfig();
            Map<String, String> labels = config == null ? null : config.getLabels();
            return labels == null ? Map.of() : labels;
        } catch (RuntimeException e) {
            throw new IOException("Docker engine at " + engine.host() + " failed to inspect image " + localImage
                    + ": " + DockerEngine.message(e), e);
        }
    }

    @Override
    public Workload start(WorkloadSpec spec, OutputListener output) throws IOException {
        if (spec.image() == null) {
            throw new IOException("the Docker runtime runs images, not host commands");
        }
        engine.ping();
        ContainerOptions options = spec.container() == null ? ContainerOptions.defaults() : spec.container();
        boolean gpus = options.gpus() && gpusAvailable(output);
        ContainerRequest request = new ContainerRequest(spec.image(), spec, user(), gpus, engine.cpus(),
                settings.shmBytes(), settings.applyLimits());
        String id;
        try {
            CreateContainerResponse created = request.create(engine.control(), containerName(options)).exec();
            id = created.getId();
        } catch (DockerException e) {
            throw new IOException("Docker could not create a container from " + spec.image() + ": "
                    + DockerEngine.message(e), e);
        }
        running.add(id);
        List<Path> writable = spec.mounts().stream().filter(m -> !m.readOnly()).map(Mount::source).toList();
        Runnable cleanup = () -> {
            ownership.fix(spec.image(), writable, spec.labels());
            running.remove(id);
        };
        DockerWorkload workload;
        try {
            workload = DockerWorkload.attach(engine, id, output,
                    settings.applyLimits() && spec.limits().memoryBytes() != null);
        } catch (IOException | RuntimeException e) {
            DockerWorkload.remove(engine, id);
            running.remove(id);
            throw e;
        }
        try {
            engine.control().startContainerCmd(id).exec();
        } catch (DockerException e) {
            workload.detach();
            return notStarted(id, e, output, cleanup);
        }
        return workload.awaitExit(cleanup);
    }

    /** Like {@code docker run}: a program that cannot be executed is exit code 127 (not found) or 126. */
    private Workload notStarted(String id, DockerException e, OutputListener output, Runnable cleanup) {
        String message = DockerEngine.message(e);
        output.line(OutputSource.STDERR, "Sagebox: the container did not start: " + message, Instant.now());
        int code = message.contains("not found") || message.contains("no such file") ? 127 : 126;
        DockerWorkload.remove(engine, id);
        cleanup.run();
        return DockerWorkload.ended(engine, id, new ExitStatus.Exited(code));
    }

    private boolean gpusAvailable(OutputListener output) throws IOException {
        if (engine.hasNvidiaRuntime()) {
            return true;
        }
        String problem = "this job asks for GPUs, but the Docker engine at " + engine.host()
                + " has no nvidia runtime";
        if (settings.requireGpus()) {
            throw new WorkloadRejectedException(problem + " (sagebox.docker.requireGpus=true)");
        }
        output.line(OutputSource.STDERR, "Sagebox: WARNING: " + problem + "; running on CPU instead. Set "
                + "sagebox.docker.requireGpus=true to fail such jobs.", Instant.now());
        return false;
    }

    private String user() {
        return switch (settings.user()) {
            case DockerSettings.USER_AUTO -> owner.spec();
            case DockerSettings.USER_IMAGE -> null;
            default -> settings.user();
        };
    }

    /** {@code sagebox-<name>-<random>}: readable in {@code docker ps}, unique across restarts. */
    private static String containerName(ContainerOptions options) {
        String base = options.name() == null ? "workload" : options.name().replaceAll("[^a-zA-Z0-9_.-]", "-");
        return "sagebox-" + base + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }

    @Override
    public int reapOrphans(Map<String, String> labels) {
        if (!engine.answers()) {
            return 0;
        }
        try {
            return ContainerReaper.reap(engine, ownership, labels);
        } catch (RuntimeException e) {
            LOG.warn("cannot look for orphaned containers at {}: {}", engine.host(), DockerEngine.message(e));
            return 0;
        }
    }

    /** Removes containers still running (the server is stopping under them), then closes the connections. */
    @Override
    public void close() throws IOException {
        for (String id : running) {
            DockerWorkload.remove(engine, id);
        }
        running.clear();
        engine.close();
    }
}
