package dev.sagebox.bench.training;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./sagebox bench training [latency|staging|all] [--reps N] [--warmups N] [--files N] [--mib N]
 * [--stage-reps N]}.
 * Writes {@code bench/results/training.md} and prints the same.
 */
public final class TrainingBench {
    private TrainingBench() {
    }

    record Options(String what, int reps, int warmups, int files, int mib, int stageReps) {
        static Options parse(String[] args) {
            String what = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
            int reps = 10;
            int warmups = 2;
            int files = 2000;
            int mib = 2048;
            int stageReps = 3;
            for (int i = what.equals("all") && (args.length == 0 || args[0].startsWith("--")) ? 0 : 1;
                 i + 1 < args.length; i += 2) {
                int value = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--reps" -> reps = value;
                    case "--warmups" -> warmups = value;
                    case "--files" -> files = value;
                    case "--mib" -> mib = value;
                    case "--stage-reps" -> stageReps = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(what, reps, warmups, files, mib, stageReps);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("sagebox-bench-training-");
        List<String> report = new ArrayList<>();
        report.add("# Training benchmarks\n");
        report.add("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, load "
                + Files.readString(Path.of("/proc/loadavg")).strip() + ".\n");
        try {
            if (!options.what().equals("staging")) {
                report.addAll(new StartLatencyBench(options, work).run());
            }
            if (!options.what().equals("latency")) {
                report.addAll(new StagingBench(options, work).run());
            }
        } finally {
            new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        }
        String markdown = String.join("\n", report) + "\n";
        System.out.println(markdown);
        Path results = Path.of(System.getProperty("sagebox.bench.dir", "bench")).resolve("results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("training-" + options.what() + ".md"), markdown, StandardCharsets.UTF_8);
        System.exit(0);
    }
}
