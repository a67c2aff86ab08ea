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
 * Waits for an instance to answer {@code GET /ping} with 200, polling with backoff from 10 ms doubling to 1 s (a fixed
 * 1 s period would miss the 0.3 s readiness goal). Readiness is kept apart from liveness: the wait between polls is a
 * wait on the workload's exit, so a crash ends it at once instead of at the timeout.
 */
final class Readiness {
    private static final Duration FIRST_DELAY = Duration.ofMillis(10);
    private static final Duration MAX_DELAY = Duration.ofSeconds(1);

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

    static Outcome await(HttpClient http, Instance instance, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
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
                delay = Math.min(delay * 2, MAX_DELAY.toNanos());
            } catch (ExecutionException e) {
                return new Outcome.Exited(new ExitStatus.Exited(-1));
            }
        }
    }
}
