package dev.sagebox.runtime.process;

import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.OutputSource;
import dev.sagebox.runtime.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One host process and its output readers. */
final class ProcessWorkload implements Workload {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWorkload.class);

    private enum Ending { NONE, STOPPED, TIMED_OUT }

    private final Process process;
    private final boolean ownGroup;
    private final AtomicReference<Ending> ending = new AtomicReference<>(Ending.NONE);
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

    private ProcessWorkload(Process process, boolean ownGroup) {
        this.process = process;
        this.ownGroup = ownGroup;
    }

    static ProcessWorkload started(Process process, boolean ownGroup, OutputListener output) {
        ProcessWorkload workload = new ProcessWorkload(process, ownGroup);
        Thread stdout = reader(process.getInputStream(), OutputSource.STDOUT, output, process.pid());
        Thread stderr = reader(process.getErrorStream(), OutputSource.STDERR, output, process.pid());
        process.onExit().thenRunAsync(() -> workload.finish(stdout, stderr),
                command -> Thread.ofVirtual().name("workload-exit-" + process.pid()).start(command));
        return workload;
    }

    private static Thread reader(InputStream stream, OutputSource source, OutputListener output, long pid) {
        return Thread.ofVirtual().name("workload-" + pid + "-" + source.name().toLowerCase()).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.line(source, line, Instant.now());
                }
            } catch (IOException e) {
                LOG.debug("output of process {} ended: {}", pid, e.getMessage());
            }
        });
    }

    /** Like a container whose PID 1 exited: whatever the process left behind in its group is killed. */
    private void finish(Thread stdout, Thread stderr) {
        signalGroup("KILL");
        try {
            stdout.join();
            stderr.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int code = process.exitValue();
        ExitStatus status = switch (ending.get()) {
            case STOPPED -> new ExitStatus.Stopped(code);
            case TIMED_OUT -> new ExitStatus.TimedOut(code);
            case NONE -> new ExitStatus.Exited(code);
        };
        exit.complete(status);
    }

    @Override
    public String id() {
        return "pid " + process.pid();
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

    private void end(Ending why, Duration grace) {
        // A process that already ended keeps its own exit status rather than being reported as stopped.
        if (!process.isAlive() || !ending.compareAndSet(Ending.NONE, why)) {
            return;
        }
        signalGroup("TERM");
        Thread.ofVirtual().name("workload-kill-" + process.pid()).start(() -> {
            try {
                if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    signalGroup("KILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Signals the process group when the process leads one, else the process and its descendants. */
    private void signalGroup(String signal) {
        if (ownGroup) {
            try {
                new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor();
                return;
            } catch (IOException e) {
                LOG.warn("cannot signal process group {}: {}", process.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        boolean force = signal.equals("KILL");
        process.descendants().forEach(child -> {
            if (force) {
                child.destroyForcibly();
            } else {
                child.destroy();
            }
        });
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }
}
