package dev.sagebox.jobs.placement;

import dev.sagebox.jobs.ProcessImage;
import dev.sagebox.jobs.ProcessImages;
import dev.sagebox.runtime.WorkloadRuntime;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the runtime for a job's image (CONTRACTS §4.4, {@code sagebox.runtime}). {@code auto} uses Docker when the
 * engine answers and the image resolves locally, else the process image mapping, else fails fast; {@code docker}
 * and {@code process} use only that runtime. {@code sagebox.runtime.images} overrides the mode per image pattern.
 */
public final class RuntimeSelector {
    /** The value of {@code sagebox.runtime}. */
    public enum Mode {
        AUTO, DOCKER, PROCESS;

        public static Mode parse(String key, String value) {
            try {
                return value == null || value.isBlank() ? AUTO : valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " must be auto, docker or process, not '" + value + "'");
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSelector.class);
    /** Virtual threads: a reap mostly waits on the engine. */
    private static final Executor REAPERS = runnable -> Thread.ofVirtual().name("sagebox-reaper").start(runnable);

    private final Mode mode;
    private final Map<String, Mode> perImage;
    /**
     * Container reaps still running. Each starts in the background, because talking to the engine the first time
     * costs about 0.2 s of a server's start (bench start); a container placement waits for all of them, so no new
     * container starts beside an orphan it could clash with.
     */
    /** Container reaps begin once this completes: at once, unless the server defers them until it listens. */
    private volatile CompletableFuture<Void> reapsMayBegin = CompletableFuture.completedFuture(null);
    private final AtomicReference<CompletableFuture<Void>> containerReaps =
            new AtomicReference<>(CompletableFuture.completedFuture(null));
    private final WorkloadRuntime containers;
    private final WorkloadRuntime processes;
    private final ProcessImages images;

    /**
     * @param containers the container runtime, or null where there is none
     * @param perImage   image globs to the mode for matching images, first match wins
     */
    public RuntimeSelector(Mode mode, Map<String, Mode> perImage, WorkloadRuntime containers,
                           WorkloadRuntime processes, ProcessImages images) {
        this.mode = mode;
        this.perImage = new LinkedHashMap<>(perImage);
        this.containers = containers;
        this.processes = processes;
        this.images = images;
    }

    /**
     * Parses {@code sagebox.runtime.images}: comma-separated {@code <image glob>=auto|docker|process}, e.g.
     * {@code *&#47;my-algo:*=process}.
     */
    public static Map<String, Mode> parsePerImage(String key, String value) {
        Map<String, Mode> parsed = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return parsed;
        }
        for (String entry : value.split(",")) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(key + " entries are <image>=auto|docker|process, not '"
                        + entry.trim() + "'");
            }
            parsed.put(entry.substring(0, eq).trim(), Mode.parse(key, entry.substring(eq + 1)));
        }
        return parsed;
    }

    /** Where {@code image} runs, decided now (the engine may have come or gone since the last job). */
    public Placement place(String image) throws PlacementException {
        Mode chosen = modeFor(image);
        if (chosen != Mode.PROCESS && containers != null) {
            Optional<Placement> container = inContainer(image, chosen == Mode.DOCKER);
            if (container.isPresent()) {
                return container.get();
            }
        } else if (chosen == Mode.DOCKER) {
            throw new PlacementException("sagebox.runtime is docker, but this Sagebox has no Docker runtime");
        }
        if (chosen != Mode.DOCKER) {
            Optional<ProcessImage> mapping = mapping(image);
            if (mapping.isPresent()) {
                return new Placement.HostProcess(processes, mapping.get());
            }
        }
        throw notLocal(image);
    }

    private Optional<Placement> inContainer(String image, boolean required) throws PlacementException {
        awaitContainerReaps();
        try {
            return containers.localImage(image).map(local -> new Placement.Container(containers, local));
        } catch (IOException e) {
            if (required) {
                throw new PlacementException("sagebox.runtime is docker, but " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    private Optional<ProcessImage> mapping(String image) throws PlacementException {
        try {
            return images.find(image);
        } catch (IOException e) {
            throw new PlacementException(e.getMessage());
        }
    }

    /** The mode for {@code image}: its {@code sagebox.runtime.images} entry, else {@code sagebox.runtime}. */
    public Mode modeFor(String image) {
        for (Map.Entry<String, Mode> entry : perImage.entrySet()) {
            if (new ProcessImage(entry.getKey(), null, null).matches(image)) {
                return entry.getValue();
            }
        }
        return mode;
    }

    static PlacementException notLocal(String image) {
        return new PlacementException("Image " + image + " is not in the local cache; run \"sagebox images pull "
                + image + "\" while online, or map it to a local runtime");
    }

    /**
     * Kills workloads an earlier server left behind, in every runtime; see {@link WorkloadRuntime#reapOrphans}.
     * Host processes are reaped before this returns, and counted; containers in the background, logged when done,
     * and before any container is placed.
     */
    public int reapOrphans(Map<String, String> labels) {
        int reaped = processes.reapOrphans(labels);
        if (containers != null) {
            CompletableFuture<Void> reap = reapsMayBegin.thenRunAsync(() -> {
                int killed = containers.reapOrphans(labels);
                if (killed > 0) {
                    LOG.warn("removed {} containers left running by an earlier Sagebox ({})", killed, labels);
                }
            }, REAPERS);
            containerReaps.updateAndGet(before -> CompletableFuture.allOf(before, reap));
        }
        return reaped;
    }

    /**
     * Holds container reaps until {@code signal} completes: the server passes "listening", so talking to the engine
     * does not compete with its start for the CPU. Call before the first {@link #reapOrphans}.
     */
    public void deferContainerReapsUntil(CompletableFuture<Void> signal) {
        reapsMayBegin = signal;
    }

    /** Blocks until every container reap started so far has ended; a failed reap was logged and is not fatal. */
    private void awaitContainerReaps() throws PlacementException {
        try {
            containerReaps.get().get();
        } catch (ExecutionException e) {
            LOG.warn("reaping orphan containers failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlacementException("interrupted while old containers were being removed");
        }
    }
}
