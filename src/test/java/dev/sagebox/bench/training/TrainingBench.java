package dev.sagebox.bench.training;

import dev.sagebox.bench.Figure;
import dev.sagebox.bench.Section;
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

    /** Start latency and channel staging as sections of the full report ({@code ./sagebox bench}). */
    public static List<Section> sections(int reps, int warmups, int files, int mib, int stageReps) throws Exception {
        Options options = new Options("all", reps, warmups, files, mib, stageReps);
        Path work = Files.createTempDirectory("sagebox-bench-training-");
        try {
            Section.Builder latency = new Section.Builder("Job start latency (process runtime)")
                    .note("A trivial BYO job whose `train` prints one line, from CreateTrainingJob to each point "
                            + "(server timestamps), per sandbox mode, against starting the bare interpreter. "
                            + StartLatencyBench.NOTE);
            String sh = null;
            String python = null;
            for (Stats stats : new StartLatencyBench(options, work).measure()) {
                if (stats.name().startsWith("baseline")) {
                    latency.add(Figure.baseline(stats.name(), "ms", warmups, stats.millis()));
                    sh = stats.name().contains("/bin/sh") ? stats.name() : sh;
                    python = stats.name().contains("/") && !stats.name().contains("/bin/sh") ? stats.name() : python;
                } else {
                    latency.add(Figure.against(stats.name().contains("sh train") ? sh : python, stats.name(), "ms",
                            warmups, stats.millis()));
                }
            }
            List<Stats> staging = new StagingBench(options, work).measure();
            Section.Builder stage = new Section.Builder(String.format("Channel staging (%,d files, %,d MiB)", files,
                    mib)).note("A job's Downloading phase (server timestamps) for one S3Prefix channel, against "
                    + "`cp -r` of the same files on the same file system, interleaved. Goal: at least 20x faster "
                    + "than the copy (ratio <= 0.05).")
                    .add(Figure.baseline(staging.get(1).name(), "ms", 0, staging.get(1).millis()))
                    .add(Figure.against(staging.get(1).name(), staging.get(0).name(), "ms", 1,
                            staging.get(0).millis()));
            return List.of(latency.build(), stage.build());
        } finally {
            new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
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
