package dev.sagebox.hosting;

import dev.sagebox.bench.BenchProgram;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./sagebox bench invoke}: InvokeEndpoint through Sagebox against direct HTTP to the same instance's
 * {@code /invocations}, in one run, at several concurrencies, with {@code wrk} as the load generator (a Python or
 * JVM client would be the bottleneck). Writes {@code bench/results/invoke.md}.
 */
public final class InvokeWrkBench {
    /** The concurrencies measured; {@code -Dsagebox.bench.concurrency=64} picks some, e.g. while profiling one. */
    static final int[] CONCURRENCY = java.util.Arrays.stream(
            System.getProperty("sagebox.bench.concurrency", "1,16,64").split(",")).mapToInt(Integer::parseInt).toArray();
    private static final Pattern RESULT = Pattern.compile("RESULT p50=(\\d+) p99=(\\d+) requests=(\\d+) "
            + "duration=(\\d+) errors=(\\d+)");
    static final String SCRIPT = """
            wrk.method = "POST"
            wrk.body = "[1,2,3]"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Accept"] = "application/json"
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT p50=%d p99=%d requests=%d duration=%d errors=%d\\n",
                latency:percentile(50), latency:percentile(99), summary.requests, summary.duration,
                e.connect + e.read + e.write + e.status + e.timeout))
            end
            """;

    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/bench-echo:1.0";
    /**
     * An echo server on asyncio: one event loop, no thread per connection, and an accept queue deep enough for
     * wrk's 64 connections (the tests' ThreadingHTTPServer echo stops accepting under such load).
     */

    private InvokeWrkBench() {
    }

    /** One wrk run: latencies in microseconds, throughput in calls per second. */
    record Run(long p50Micros, long p99Micros, double perSecond, long errors, long requests) {
    }

    /**
     * What the server's JVM spent per call during a run through Sagebox: CPU time and heap allocation. Unlike
     * throughput, these barely move when other work shares the machine, so they compare builds on a busy host.
     */
    record Cost(double cpuMicrosPerCall, double bytesPerCall) {
        static Cost between(long[] before, long[] after, long calls) {
            return new Cost((after[0] - before[0]) / 1e3 / calls, (double) (after[1] - before[1]) / calls);
        }
    }

    /** CPU time (ns) a process has used so far, from {@code /proc/<pid>/stat} (user plus system, in clock ticks). */
    private static long processCpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", utime and stime are the 12th and 13th fields; the kernel counts them at 100 Hz.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    /** This JVM's CPU time (ns) and bytes allocated by all its threads so far. */
    private static long[] usage() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return new long[] {os.getProcessCpuTime(), threads.getTotalThreadAllocatedBytes()};
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (!hasWrk()) {
            System.err.println("sagebox bench invoke needs wrk on PATH (Debian: apt-get install -y wrk)");
            System.exit(1);
        }
        Path dir = Path.of(System.getProperty("sagebox.bench.dir", "bench")).toAbsolutePath();
        Instant started = Instant.now();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        StringBuilder rows = new StringBuilder();
        StringBuilder costs = new StringBuilder();
        TestServer server = TestServer.start();
        try {
            Path portFile = deployEcho(server);
            HostingFixture.assertInService(HostingFixture.awaitSettled(server.sageMaker(), "bench"));
            Path script = server.home().resolve("post.lua");
            Files.writeString(script, SCRIPT);
            String via = "http://127.0.0.1:" + server.port() + "/endpoints/bench/invocations";
            for (int c : CONCURRENCY) {
                // Read again each time: a restarted instance listens on a new port.
                String[] echo = Files.readString(portFile).trim().split(" ");
                long echoPid = Long.parseLong(echo[1]);
                String direct = "http://127.0.0.1:" + echo[0] + "/invocations";
                wrk(script, direct, c, warmup);
                long echoBefore = processCpuNanos(echoPid);
                Run straight = wrk(script, direct, c, seconds);
                double echoDirect = (processCpuNanos(echoPid) - echoBefore) / 1e3 / straight.requests();
                wrk(script, via, c, warmup);
                long[] before = usage();
                echoBefore = processCpuNanos(echoPid);
                Run through = wrk(script, via, c, seconds);
                double echoThrough = (processCpuNanos(echoPid) - echoBefore) / 1e3 / through.requests();
                Cost cost = Cost.between(before, usage(), through.requests());
                costs.append(String.format(Locale.ROOT, "%n- c=%d: Sagebox %.1f µs CPU and %.0f bytes allocated per"
                        + " call; the echo instance %.1f µs CPU per call direct, %.1f through Sagebox", c,
                        cost.cpuMicrosPerCall(), cost.bytesPerCall(), echoDirect, echoThrough));
                String row = String.format(Locale.ROOT,
                        "| %d | %.3f | %.3f | %.3f | %.3f | %+.3f | %+.3f | %.0f | %.0f | %.2f | %d |%n", c,
                        straight.p50Micros() / 1e3, straight.p99Micros() / 1e3, through.p50Micros() / 1e3,
                        through.p99Micros() / 1e3, (through.p50Micros() - straight.p50Micros()) / 1e3,
                        (through.p99Micros() - straight.p99Micros()) / 1e3, straight.perSecond(), through.perSecond(),
                        through.perSecond() / straight.perSecond(), straight.errors() + through.errors());
                System.out.print(row);
                rows.append(row);
            }
        } finally {
            server.close();
            server.delete();
        }
        String report = report(started, seconds, warmup, rows.toString()) + "\nCPU per call (the server JVM's, all"
                + " its threads, and the echo instance's) while wrk ran:" + costs + "\n\nLoad average before the run: "
                + loadBefore + "; after: "
                + Files.readString(Path.of("/proc/loadavg")).trim() + "\n";
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results/invoke.md"), report);
        System.out.print(report);
        System.out.println("\nWritten to " + dir.resolve("results/invoke.md"));
    }

    /** Deploys the echo server as endpoint {@code bench} and returns the file its port lands in. */
    static Path deployEcho(TestServer server) throws IOException {
        Path program = server.home().resolve("bench-echo");
        BenchProgram.install(server.home(), program, "*/bench-echo:*");
        Path portFile = program.resolve("port");
        server.sageMaker().createModel(b -> b.modelName("bench")
                .executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .primaryContainer(c -> c.image(IMAGE).environment(Map.of("PORT_FILE", portFile.toString()))));
        HostingFixture.createConfig(server.sageMaker(), "bench",
                HostingFixture.variant("AllTraffic", "bench", 1, 1f));
        server.sageMaker().createEndpoint(b -> b.endpointName("bench").endpointConfigName("bench"));
        return portFile;
    }

    private static String report(Instant started, int seconds, int warmup, String rows) {
        return """
                # InvokeEndpoint: Sagebox against direct HTTP

                Started %s; %d cores; wrk, %d s per run after %d s of warm-up, POST of a 7-byte JSON body to the same
                echo instance (a Python asyncio server run by the process runtime, as a BYO `serve` program),
                directly on its `/invocations` and through `/endpoints/bench/invocations` (unsigned, auth off).
                Latencies in ms; "added" is Sagebox minus direct; errors count non-2xx answers and socket errors.
                Goals: at most 0.2 ms p50 added at c=1, and at least 0.8 of direct throughput at c=64.

                | c | direct p50 | direct p99 | sagebox p50 | sagebox p99 | added p50 | added p99 | direct /s \
                | sagebox /s | ratio | errors |
                |---|---|---|---|---|---|---|---|---|---|---|
                %s""".formatted(started, Runtime.getRuntime().availableProcessors(), seconds, warmup, rows);
    }

    static boolean hasWrk() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Run wrk(Path script, String url, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(Math.min(connections, 2)),
                "-c", Integer.toString(connections), "-d", seconds + "s", "-s", script.toString(), url));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        Matcher m = RESULT.matcher(output);
        if (!m.find()) {
            throw new IOException("wrk printed no result: " + output);
        }
        double durationSeconds = Long.parseLong(m.group(4)) / 1e6;
        return new Run(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)) / durationSeconds, Long.parseLong(m.group(5)),
                Long.parseLong(m.group(3)));
    }
}
