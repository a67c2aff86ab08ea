package dev.sagebox.bench;

import dev.sagebox.bench.training.TrainingBench;
import dev.sagebox.testing.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./sagebox bench s3 [options]} (see {@link S3Bench}), {@code ./sagebox bench training [...]} (see
 * {@link TrainingBench}), {@code ./sagebox bench docker [runs]} (Docker start latency),
 * {@code ./sagebox bench invoke} (InvokeEndpoint against direct HTTP, with wrk), {@code ./sagebox bench transform}
 * (batch transform against direct calls with the same batching), {@code ./sagebox bench promote}
 * (see {@link PromoteBench}); the launcher passes the
 * bench directory.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("docker")) {
            dev.sagebox.runtime.docker.DockerStartLatency.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("invoke")) {
            dev.sagebox.hosting.InvokeWrkBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("endpoint")) {
            dev.sagebox.hosting.EndpointReadinessBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("promote")) {
            PromoteBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("transform")) {
            dev.sagebox.transform.TransformBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("training")) {
            TrainingBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 0 || !args[0].equals("s3")) {
            System.err.println("usage: sagebox bench s3 [--small-count N] [--small-reps N] [--large-mib N] "
                    + "[--large-reps N] [--warmups N] [--concurrency N]\n"
                    + "       sagebox bench training [latency|staging|all] [--reps N] [--warmups N] [--files N] "
                    + "[--mib N] [--stage-reps N]\n"
                    + "       sagebox bench docker [RUNS]\n"
                    + "       sagebox bench invoke [SECONDS [WARMUP_SECONDS]]\n"
                    + "       sagebox bench endpoint [RUNS]\n"
                    + "       sagebox bench promote [MIB]\n"
                    + "       sagebox bench transform [LINES [SINGLE_RECORDS]]");
            System.exit(2);
        }
        S3Bench.Options options = S3Bench.Options.parse(Arrays.copyOfRange(args, 1, args.length));
        Path dir = Path.of(System.getProperty("sagebox.bench.dir", "bench")).toAbsolutePath();
        Path work = dir.resolve("work");
        TestFiles.deleteRecursively(work);
        String loadBefore = BenchReport.loadAverage();
        Instant started = Instant.now();
        long start = System.nanoTime();
        List<S3Bench.Result> results = new S3Bench(options, work).run();
        BenchReport report = new BenchReport(options, results, started, Duration.ofNanos(System.nanoTime() - start),
                loadBefore);
        report.write(dir.resolve("results"));
        System.out.print(report.markdown());
        System.out.println("\nWritten to " + dir.resolve("results") + "/s3.md and s3.json");
        TestFiles.deleteRecursively(work.resolve("data"));
        TestFiles.deleteRecursively(work.resolve("copy"));
        TestFiles.deleteRecursively(work.resolve("source"));
    }
}
