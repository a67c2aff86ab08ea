package dev.sagebox.jobs;

import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a job's hosts ended (CONTRACTS §3.2-3.3), awaited without polling: all exited 0; the first failing host fails
 * the job and the others are stopped; a stop request or the max runtime sends SIGTERM, then SIGKILL after the grace.
 *
 * @param ending     how the job ends
 * @param failed     the first failing host, or null
 * @param exitStatus that host's exit status, or null
 * @param <H>        the job kind's host type
 */
public record HostsOutcome<H extends HostsOutcome.Host>(Ending ending, H failed, ExitStatus exitStatus) {
    /** One host of a job, as the wait needs it. */
    public interface Host {
        /** The host's workload, or null before it started. */
        Workload workload();

        default CompletableFuture<ExitStatus> exit() {
            return workload().onExit();
        }

        default void stop(Duration grace) {
            if (workload() != null) {
                workload().stop(grace);
            }
        }

        default void timeOut(Duration grace) {
            if (workload() != null) {
                workload().timeOut(grace);
            }
        }
    }

    public enum Ending { COMPLETED, FAILED, STOPPED, MAX_RUNTIME }

    /**
     * Waits until the job ends.
     *
     * @param stopSignal completes when the user asks to stop the job
     * @param deadline   when MaxRuntimeInSeconds runs out
     * @param onStopping runs once a stop or time-out begins, before the workloads are signalled (to store Stopping)
     */
    public static <H extends Host> HostsOutcome<H> await(List<H> hosts, CompletableFuture<?> stopSignal,
                                                         Instant deadline, Duration grace, Runnable onStopping)
            throws InterruptedException, ExecutionException {
        CompletableFuture<Void> allExited = CompletableFuture.allOf(hosts.stream().map(Host::exit)
                .toArray(CompletableFuture[]::new));
        CompletableFuture<H> firstFailure = new CompletableFuture<>();
        for (H host : hosts) {
            host.exit().thenAccept(status -> {
                if (!(status instanceof ExitStatus.Exited exited && exited.code() == 0)) {
                    firstFailure.complete(host);
                }
            });
        }
        long remaining = deadline.toEpochMilli() - System.currentTimeMillis();
        try {
            CompletableFuture.anyOf(allExited, firstFailure, stopSignal).get(Math.max(0, remaining),
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            onStopping.run();
            hosts.forEach(h -> h.timeOut(grace));
            allExited.get();
            return new HostsOutcome<>(Ending.MAX_RUNTIME, null, null);
        }
        if (stopSignal.isDone() && !allExited.isDone() && !firstFailure.isDone()) {
            onStopping.run();
            hosts.forEach(h -> h.stop(grace));
            allExited.get();
            return new HostsOutcome<>(Ending.STOPPED, null, null);
        }
        if (firstFailure.isDone()) {
            H failed = firstFailure.get();
            hosts.forEach(h -> h.stop(grace));
            allExited.get();
            return new HostsOutcome<>(Ending.FAILED, failed, failed.exit().get());
        }
        return new HostsOutcome<>(Ending.COMPLETED, null, null);
    }
}
