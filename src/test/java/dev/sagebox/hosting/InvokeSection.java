package dev.sagebox.hosting;

import dev.sagebox.bench.Figure;
import dev.sagebox.bench.Section;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * InvokeEndpoint against direct HTTP to the same echo instance, as a section of the full report
 * ({@code ./sagebox bench}): {@link InvokeWrkBench}'s set-up and wrk runs, repeated so each figure has a spread.
 */
public final class InvokeSection {
    private InvokeSection() {
    }

    /** {@code reps} wrk runs of {@code seconds} per target and concurrency, after {@code warmup} seconds each. */
    public static Section measure(int seconds, int warmup, int reps) throws Exception {
        Section.Builder section = new Section.Builder("InvokeEndpoint against direct calls")
                .note(String.format("wrk, POST of a 7-byte JSON body to one echo instance (a Python asyncio server "
                        + "run by the process runtime as a BYO `serve`), directly on its `/invocations` and through "
                        + "`/endpoints/bench/invocations` (unsigned, auth off), interleaved: per concurrency, %d s of "
                        + "warm-up per target, then %d runs of %d s each. Goals: at most 0.2 ms p50 added at c=1, "
                        + "and at least 0.8 of direct throughput at c=64. The server runs in the bench's JVM here; "
                        + "the memory section measures it under the launcher's flags.", warmup, reps, seconds));
        TestServer server = TestServer.start();
        try {
            Path portFile = InvokeWrkBench.deployEcho(server);
            HostingFixture.assertInService(HostingFixture.awaitSettled(server.sageMaker(), "bench"));
            Path script = server.home().resolve("post.lua");
            Files.writeString(script, InvokeWrkBench.SCRIPT);
            String via = "http://127.0.0.1:" + server.port() + "/endpoints/bench/invocations";
            for (int c : InvokeWrkBench.CONCURRENCY) {
                String direct = "http://127.0.0.1:" + port(portFile) + "/invocations";
                InvokeWrkBench.wrk(script, direct, c, warmup);
                InvokeWrkBench.wrk(script, via, c, warmup);
                List<InvokeWrkBench.Run> straight = new ArrayList<>();
                List<InvokeWrkBench.Run> through = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    straight.add(InvokeWrkBench.wrk(script, direct, c, seconds));
                    through.add(InvokeWrkBench.wrk(script, via, c, seconds));
                }
                String directRate = "direct c=" + c + ": calls/s";
                String directP50 = "direct c=" + c + ": p50";
                section.add(Figure.baseline(directRate, "calls/s", 1, rates(straight)))
                        .add(Figure.against(directRate, "Sagebox c=" + c + ": calls/s", "calls/s", 1,
                                rates(through)))
                        .add(Figure.baseline(directP50, "ms", 1, p50s(straight)))
                        .add(Figure.against(directP50, "Sagebox c=" + c + ": p50", "ms", 1, p50s(through)));
                long errors = straight.stream().mapToLong(InvokeWrkBench.Run::errors).sum()
                        + through.stream().mapToLong(InvokeWrkBench.Run::errors).sum();
                if (errors > 0) {
                    section.note("c=" + c + ": " + errors + " errors (non-2xx or socket errors) in wrk's counts.");
                }
            }
        } finally {
            server.close();
            server.delete();
        }
        return section.build();
    }

    /**
     * The echo instance's port: it writes the file just after it starts listening, so a /ping can pass (and the
     * endpoint be InService) a moment before the file is there.
     */
    private static String port(Path portFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                // The echo program writes "<port> <pid>" (InvokeWrkBench reads its CPU time by pid).
                String[] fields = Files.readString(portFile).trim().split(" ");
                if (!fields[0].isEmpty()) {
                    return fields[0];
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new IllegalStateException("the echo instance wrote no port to " + portFile);
    }

    private static List<Double> rates(List<InvokeWrkBench.Run> runs) {
        return runs.stream().map(InvokeWrkBench.Run::perSecond).toList();
    }

    private static List<Double> p50s(List<InvokeWrkBench.Run> runs) {
        return runs.stream().map(r -> r.p50Micros() / 1e3).toList();
    }
}
