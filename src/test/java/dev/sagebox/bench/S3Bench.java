package dev.sagebox.bench;

import dev.sagebox.testing.ServerProcess;
import dev.sagebox.testing.TestFiles;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * S3 PUT and GET throughput of many small objects and one large one, through a server started for the run in its
 * own JVM, next to a plain file copy of the same bytes on the same file system.
 */
final class S3Bench {
    static final String COPY = "file copy (Files.copy)";
    static final String COPY_FSYNC = "file copy + fsync";
    private static final int MIB = 1024 * 1024;
    private static final String BUCKET = "bench";

    /** What to run; the defaults keep a run under about three minutes on two cores. */
    record Options(int smallCount, int smallReps, int largeMib, int largeReps, int warmups, int concurrency) {
        static Options parse(String[] args) {
            Options o = new Options(200, 5, 256, 3, 1, 4);
            for (int i = 0; i + 1 < args.length; i += 2) {
                int value = Integer.parseInt(args[i + 1]);
                o = switch (args[i]) {
                    case "--small-count" -> new Options(value, o.smallReps, o.largeMib, o.largeReps, o.warmups,
                            o.concurrency);
                    case "--small-reps" -> new Options(o.smallCount, value, o.largeMib, o.largeReps, o.warmups,
                            o.concurrency);
                    case "--large-mib" -> new Options(o.smallCount, o.smallReps, value, o.largeReps, o.warmups,
                            o.concurrency);
                    case "--large-reps" -> new Options(o.smallCount, o.smallReps, o.largeMib, value, o.warmups,
                            o.concurrency);
                    case "--warmups" -> new Options(o.smallCount, o.smallReps, o.largeMib, o.largeReps, value,
                            o.concurrency);
                    case "--concurrency" -> new Options(o.smallCount, o.smallReps, o.largeMib, o.largeReps,
                            o.warmups, value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                };
            }
            return o;
        }
    }

    /** One measured workload: what moved, how, and how fast. */
    record Result(String workload, String client, String operation, long objectBytes, int objectsPerRep,
            int concurrency, int warmups, int reps, Samples samples, Double serverCpuMsPerMib) {
    }

    private final Options options;
    private final Path work;
    private final List<Result> results = new ArrayList<>();
    private final ExecutorService pool;
    private ProcessHandle server;
    private byte[][] small;
    private byte[] large;

    S3Bench(Options options, Path work) {
        this.options = options;
        this.work = work;
        this.pool = Executors.newFixedThreadPool(options.concurrency());
    }

    List<Result> run() throws Exception {
        generate();
        fileBaselines();
        try (ServerProcess server = ServerProcess.start(work.resolve("data"), work.resolve("server.log"))) {
            this.server = ProcessHandle.of(server.pid()).orElseThrow();
            URI endpoint = server.endpoint();
            try (RawHttpTransfer raw = new RawHttpTransfer(endpoint)) {
                raw.createBucket(BUCKET);
                measure(raw);
            }
            for (boolean checksums : new boolean[] {false, true}) {
                try (SdkTransfer sdk = new SdkTransfer(endpoint, checksums, options.concurrency() * 2)) {
                    measure(sdk);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /** {@code ./sagebox bench s3 [options]}: writes {@code bench/results/s3.md} and {@code s3.json}. */
    static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path dir = Path.of(System.getProperty("sagebox.bench.dir", "bench")).toAbsolutePath();
        Path work = dir.resolve("work");
        TestFiles.deleteRecursively(work);
        String loadBefore = BenchReport.loadAverage();
        Instant started = Instant.now();
        long start = System.nanoTime();
        List<Result> results = new S3Bench(options, work).run();
        BenchReport report = new BenchReport(options, results, started, Duration.ofNanos(System.nanoTime() - start),
                loadBefore);
        report.write(dir.resolve("results"));
        System.out.print(report.markdown());
        System.out.println("\nWritten to " + dir.resolve("results") + "/s3.md and s3.json");
        TestFiles.deleteRecursively(work.resolve("data"));
        TestFiles.deleteRecursively(work.resolve("copy"));
        TestFiles.deleteRecursively(work.resolve("source"));
    }

    /** S3 throughput as a section of the full report ({@code ./sagebox bench}); ratios are to the plain copy. */
    static Section section(Options options, Path work) throws Exception {
        List<Result> results = new S3Bench(options, work).run();
        Section.Builder section = new Section.Builder("S3 against raw copy")
                .note("PUT and GET through a server in its own JVM (auth off, data dir on the same file system), "
                        + "against `Files.copy` of the same bytes (and copy + fsync, which the server does before "
                        + "answering a PUT). " + options.smallCount() + " objects of 1 MiB, " + options.concurrency()
                        + " at a time, and one " + options.largeMib() + " MiB object. Files are in the page cache: "
                        + "the figures show CPU and fsync costs, not disk reads. See `./sagebox bench s3` for the "
                        + "per-client notes and server CPU per MiB.");
        for (Result r : results) {
            String name = r.workload() + ", " + r.client() + ", " + r.operation();
            String copy = r.workload() + ", " + COPY + ", copy";
            section.add(r.client().equals(COPY) ? Figure.baseline(name, "MiB/s", r.warmups(),
                    r.samples().mibPerSecond()) : Figure.against(copy, name, "MiB/s", r.warmups(),
                    r.samples().mibPerSecond()));
        }
        return section.build();
    }

    private void generate() {
        SplittableRandom random = new SplittableRandom(7);
        small = new byte[options.smallCount()][MIB];
        for (byte[] object : small) {
            random.nextBytes(object);
        }
        large = new byte[options.largeMib() * MIB];
        random.nextBytes(large);
    }

    private void fileBaselines() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        Path target = Files.createDirectories(work.resolve("copy"));
        for (int i = 0; i < small.length; i++) {
            Files.write(source.resolve("small-" + i), small[i]);
        }
        Files.write(source.resolve("large"), large);
        for (boolean fsync : new boolean[] {false, true}) {
            String client = fsync ? COPY_FSYNC : COPY;
            results.add(smallResult(client, "copy", i -> copy(source.resolve("small-" + i),
                    target.resolve("small-" + i), fsync)));
            results.add(largeResult(client, "copy", () -> copy(source.resolve("large"), target.resolve("large"),
                    fsync)));
        }
    }

    private static void copy(Path from, Path to, boolean fsync) throws Exception {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) {
            try (FileChannel channel = FileChannel.open(to, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }

    private void measure(Transfer transfer) throws Exception {
        System.err.println("bench: " + transfer.name());
        results.add(smallResult(transfer.name(), "PUT", i -> transfer.put(BUCKET, "small/" + i, small[i])));
        verify(transfer, "small/0", small[0]);
        results.add(smallResult(transfer.name(), "GET", i -> expect(transfer.get(BUCKET, "small/" + i), MIB)));
        results.add(largeResult(transfer.name(), "PUT", () -> transfer.put(BUCKET, "large", large)));
        verify(transfer, "large", large);
        results.add(largeResult(transfer.name(), "GET", () -> expect(transfer.get(BUCKET, "large"), large.length)));
    }

    private static void verify(Transfer transfer, String key, byte[] expected) throws Exception {
        if (!Arrays.equals(transfer.getBytes(BUCKET, key), expected)) {
            throw new IllegalStateException(transfer.name() + ": " + key + " did not round-trip byte for byte");
        }
    }

    private static void expect(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + " bytes, expected " + expected);
        }
    }

    /** Every small object once per repetition, {@code concurrency} at a time. */
    private Result smallResult(String client, String operation, IndexedTask task) throws Exception {
        long cpuBefore = serverCpuNanos();
        List<Long> nanos = repeat(options.smallReps(), () -> {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < small.length; i++) {
                int index = i;
                calls.add(() -> {
                    task.run(index);
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(calls)) {
                done.get();
            }
        });
        long bytes = (long) MIB * small.length;
        return new Result("1 MiB objects", client, operation, MIB, small.length, options.concurrency(),
                options.warmups(), options.smallReps(), Samples.of(bytes, nanos),
                cpuPerMib(cpuBefore, bytes * (options.warmups() + options.smallReps())));
    }

    private Result largeResult(String client, String operation, Task task) throws Exception {
        long cpuBefore = serverCpuNanos();
        List<Long> nanos = repeat(options.largeReps(), task);
        return new Result(options.largeMib() + " MiB object", client, operation, large.length, 1, 1,
                options.warmups(), options.largeReps(), Samples.of(large.length, nanos),
                cpuPerMib(cpuBefore, (long) large.length * (options.warmups() + options.largeReps())));
    }

    /** CPU time the server process has used so far, or -1 when no server runs (the file baselines). */
    private long serverCpuNanos() {
        return server == null ? -1 : server.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Server CPU per MiB moved, warm-ups included: what the server itself spends, whatever else the host runs. */
    private Double cpuPerMib(long cpuBefore, long bytes) {
        long cpuAfter = serverCpuNanos();
        return cpuBefore < 0 || cpuAfter < 0 ? null : (cpuAfter - cpuBefore) / 1e6 / (bytes / (double) MIB);
    }

    private List<Long> repeat(int reps, Task task) throws Exception {
        for (int i = 0; i < options.warmups(); i++) {
            task.run();
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            task.run();
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }

    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface IndexedTask {
        void run(int index) throws Exception;
    }
}
