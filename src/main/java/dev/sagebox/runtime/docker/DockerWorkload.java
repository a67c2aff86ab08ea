package dev.sagebox.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.OutputSource;
import dev.sagebox.runtime.Workload;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container, attached to before its start. A virtual thread blocks in {@code waitContainerCmd} (no polling);
 * once the container has exited and its streams have delivered the last line, the container is inspected for an OOM
 * kill, removed, its writable mounts are given back to the server's user, and only then does {@link #onExit()}
 * complete.
 */
final class DockerWorkload implements Workload {
    private static final Logger LOG = LoggerFactory.getLogger(DockerWorkload.class);
    private static final long LOG_DRAIN_SECONDS = 30;
    private static final long ATTACH_SECONDS = 30;
    private static final long OOM_EVENT_MILLIS = 2000;
    private static final int SIGKILLED = 137;

    private enum Ending { NONE, STOPPED, TIMED_OUT }

    private final DockerEngine engine;
    private final String id;
    private final AtomicReference<Ending> ending = new AtomicReference<>(Ending.NONE);
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private StreamReader streams;
    private OomWatch oom;

    private DockerWorkload(DockerEngine engine, String id) {
        this.engine = engine;
        this.id = id;
    }

    /**
     * Attaches to a created container's stdout and stderr, before it starts, as {@code docker run} does. An attach
     * sees every byte up to the end of the streams, including a last line without a line end; a log follow can end
     * before the engine has written the container's final output to its log.
     */
    static DockerWorkload attach(DockerEngine engine, String id, OutputListener output, boolean memoryLimited)
            throws IOException {
        DockerWorkload workload = new DockerWorkload(engine, id);
        if (memoryLimited) {
            workload.oom = new OomWatch();
            engine.streams().eventsCmd().withContainerFilter(id).withEventFilter("oom").exec(workload.oom);
        }
        workload.streams = new StreamReader(output);
        engine.streams().attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                .withLogs(false).exec(workload.streams);
        try {
            // Both subscriptions must be live before the start, or early output and events are missed.
            if (!workload.streams.awaitStarted(ATTACH_SECONDS, TimeUnit.SECONDS)
                    || workload.oom != null && !workload.oom.awaitStarted(ATTACH_SECONDS, TimeUnit.SECONDS)) {
                workload.detach();
                throw new IOException("Docker did not attach to container " + workload.shortId() + " within "
                        + ATTACH_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workload.detach();
            throw new IOException("interrupted while attaching to container " + workload.shortId(), e);
        }
        return workload;
    }

    /** Once the container has started: blocks a virtual thread in the wait; {@code cleanup} runs after removal. */
    DockerWorkload awaitExit(Runnable cleanup) {
        Thread.ofVirtual().name("container-" + shortId()).start(() -> await(streams, cleanup));
        return this;
    }

    /** The container never started: stop listening. */
    void detach() {
        try {
            if (oom != null) {
                oom.close();
            }
            streams.close();
        } catch (IOException e) {
            LOG.debug("detach from {}: {}", shortId(), e.getMessage());
        }
    }

    /** A container that ended before it could run. */
    static DockerWorkload ended(DockerEngine engine, String id, ExitStatus status) {
        DockerWorkload workload = new DockerWorkload(engine, id);
        workload.exit.complete(status);
        return workload;
    }

    private void await(StreamReader logs, Runnable cleanup) {
        int code;
        boolean oomKilled = false;
        try {
            code = engine.streams().waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
            logs.drain();
            InspectContainerResponse.ContainerState state = engine.control().inspectContainerCmd(id).exec()
                    .getState();
            oomKilled = Boolean.TRUE.equals(state.getOOMKilled())
                    || code == SIGKILLED && ending.get() == Ending.NONE && oom != null && oom.seen();
        } catch (RuntimeException e) {
            if (!engine.isClosed()) {
                LOG.warn("lost track of container {}: {}", shortId(), DockerEngine.message(e));
            }
            code = 255;
            logs.drain();
        }
        if (oom != null) {
            oom.stop();
        }
        remove(engine, id);
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            LOG.warn("clean-up after container {} failed", shortId(), e);
        }
        exit.complete(status(code, oomKilled));
    }

    private ExitStatus status(int code, boolean oomKilled) {
        return switch (ending.get()) {
            case STOPPED -> new ExitStatus.Stopped(code);
            case TIMED_OUT -> new ExitStatus.TimedOut(code);
            // A child killed for memory while PID 1 still exits 0 is a success, as on a real instance.
            case NONE -> oomKilled && code != 0 ? new ExitStatus.OomKilled(code) : new ExitStatus.Exited(code);
        };
    }

    @Override
    public String id() {
        return "container " + shortId();
    }

    private String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
        return exit;
    }

    @Override
    public void stop(Duration grace) {
        end(Ending.STOPPED, grace);
    }

    @Override
    public void timeOut(Duration grace) {
        end(Ending.TIMED_OUT, grace);
    }

    /** {@code docker stop}: the image's stop signal (SIGTERM), then SIGKILL once {@code grace} has passed. */
    private void end(Ending why, Duration grace) {
        if (!ending.compareAndSet(Ending.NONE, why) || exit.isDone()) {
            return;
        }
        int seconds = (int) Math.min(Integer.MAX_VALUE, (grace.toMillis() + 999) / 1000);
        Thread.ofVirtual().name("container-stop-" + shortId()).start(() -> {
            try {
                if (seconds == 0) {
                    engine.streams().killContainerCmd(id).exec();
                } else {
                    engine.streams().stopContainerCmd(id).withTimeout(seconds).exec();
                }
            } catch (NotModifiedException | NotFoundException | com.github.dockerjava.api.exception.ConflictException
                     gone) {
                // it ended (or was removed) meanwhile
            } catch (RuntimeException e) {
                LOG.warn("cannot stop container {}: {}", shortId(), DockerEngine.message(e));
            }
        });
    }

    /** Removes a container with its anonymous volumes, killing it if it still runs. */
    static void remove(DockerEngine engine, String id) {
        try {
            engine.control().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        } catch (RuntimeException e) {
            if (!engine.isClosed()) {
                LOG.warn("cannot remove container {}: {}", id, DockerEngine.message(e));
            }
        }
    }

    /**
     * The engine's {@code oom} events for one container. The kernel reports an OOM kill apart from the process's
     * exit, so right after the wait the engine may not yet have set {@code State.OOMKilled}; a SIGKILL we did not
     * send waits a moment for the event instead.
     */
    private static final class OomWatch extends ResultCallback.Adapter<Event> {
        private final java.util.concurrent.CountDownLatch event = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void onNext(Event item) {
            event.countDown();
        }

        boolean seen() {
            try {
                return event.await(OOM_EVENT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void stop() {
            try {
                close();
            } catch (IOException e) {
                LOG.debug("oom watch: {}", e.getMessage());
            }
        }
    }

    /** Splits each stream's frames into lines and hands them on in arrival order. */
    private static final class StreamReader extends ResultCallback.Adapter<Frame> {
        private final OutputListener output;
        private final LineSplitter stdout;
        private final LineSplitter stderr;

        StreamReader(OutputListener output) {
            this.output = output;
            this.stdout = new LineSplitter(line -> output.line(OutputSource.STDOUT, line, Instant.now()));
            this.stderr = new LineSplitter(line -> output.line(OutputSource.STDERR, line, Instant.now()));
        }

        @Override
        public void onNext(Frame frame) {
            if (frame.getStreamType() == StreamType.STDERR) {
                stderr.accept(frame.getPayload());
            } else {
                stdout.accept(frame.getPayload());
            }
        }

        /** Waits for the streams to end (they do once the container has stopped) and flushes partial lines. */
        void drain() {
            try {
                if (!awaitCompletion(LOG_DRAIN_SECONDS, TimeUnit.SECONDS)) {
                    close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("log follow ended: {}", e.getMessage());
            }
            stdout.finish();
            stderr.finish();
        }
    }
}
