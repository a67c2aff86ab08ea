package dev.sagebox.bench;

import dev.sagebox.bench.training.TrainingBench;
import dev.sagebox.hosting.EndpointReadinessBench;
import dev.sagebox.hosting.InvokeWrkBench;
import dev.sagebox.runtime.docker.DockerStartLatency;
import dev.sagebox.transform.TransformBench;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./sagebox bench [all]} runs every benchmark into one report (see {@link BenchAll}); {@code ./sagebox bench
 * NAME [options]} runs one of {@link #COMMANDS} alone (promote is not part of the report: it needs a 500 MiB channel and its own
 * minutes). The launcher passes the bench directory.
 */
public final class Bench {
    /** A benchmark run alone, with its own arguments. */
    @FunctionalInterface
    interface Command {
        void run(String[] args) throws Exception;
    }

    /** Each {@code ./sagebox bench NAME}; the full report runs the ones that report only as text by name. */
    static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("s3", S3Bench::main);
        COMMANDS.put("training", TrainingBench::main);
        COMMANDS.put("docker", DockerStartLatency::main);
        COMMANDS.put("invoke", InvokeWrkBench::main);
        COMMANDS.put("endpoint", EndpointReadinessBench::main);
        COMMANDS.put("transform", TransformBench::main);
        COMMANDS.put("promote", PromoteBench::main);
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("sagebox.bench.dir", "bench")).toAbsolutePath();
        if (args.length == 0 || args[0].equals("all")) {
            BenchAll.main(dir, args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of());
            return;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            System.err.println("usage: sagebox bench [all [SUITE...]]   every benchmark (or those named: s3 training "
                    + "docker invoke endpoint transform start memory), one report in bench/results/<date>.md\n"
                    + "       sagebox bench s3 [--small-count N] [--small-reps N] [--large-mib N] "
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
        command.run(Arrays.copyOfRange(args, 1, args.length));
    }
}
