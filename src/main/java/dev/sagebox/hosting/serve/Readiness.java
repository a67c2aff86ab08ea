package dev.sagebox.hosting.serve;

import dev.sagebox.runtime.ExitStatus;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for an instance to answer {@code GET /ping} with 200, polling with backoff from 10 ms doubling to 40 ms for
 * the first 3 s, then to 1 s (a fixed 1 s period, or doubling alone, would miss the 0.3 s readiness goal). Readiness
 * is kept apart from liveness: the wait between polls is a wait on the workload's exit, so a crash ends it at once
 * instead of at the timeout.
 */
final class Readiness {
    private static final Duration FIRST_DELAY = Duration.ofMillis(10);
    private static final Duration MAX_DELAY = Duration.ofSeconds(1);
    /** Containers take 0.2-0.6 s to start: plain doubling would poll at 310 then 630 ms and add up to 0.3 s. */
    private static final Duration EARLY_MAX_DELAY = Duration.ofMillis(40);
    private static final Duration EARLY = Duration.ofSeconds(3);

    /** How the wait ended: ready, exited (with its status) or out of time. */
    sealed interface Outcome {
        record Ready() implements Outcome {
        }

        record Exited(ExitStatus status) implements Outcome {
        }

        record TimedOut(Duration after) implements Outcome {
        }
    }

    private Readiness() {
    }

    static Outcome await(HttpClient http, ServedContainer instance, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long delay = FIRST_DELAY.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(instance.ping).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (instance.workload.onExit().isDone()) {
                return new Outcome.Exited(instance.workload.onExit().join());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new Outcome.Ready();
                }
            } catch (IOException e) {
                // not listening yet
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Outcome.TimedOut(timeout);
            }
            try {
                ExitStatus exit = instance.workload.onExit().get(Math.min(delay, left), TimeUnit.NANOSECONDS);
                return new Outcome.Exited(exit);
            } catch (TimeoutException e) {
                long cap = System.nanoTime() - started < EARLY.toNanos() ? EARLY_MAX_DELAY.toNanos()
                        : MAX_DELAY.toNanos();
                delay = Math.min(delay * 2, cap);
            } catch (ExecutionException e) {
                return new Outcome.Exited(new ExitStatus.Exited(-1));
            }
        }
    }
}
