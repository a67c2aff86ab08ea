package dev.sagebox.bench;

import dev.sagebox.bench.training.TrainingBench;
import dev.sagebox.hosting.EndpointReadinessBench;
import dev.sagebox.hosting.InvokeSection;
import dev.sagebox.hosting.ServerMemoryBench;
import dev.sagebox.runtime.docker.DockerStartLatency;
import dev.sagebox.testing.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./sagebox bench} (or {@code bench all}): every benchmark the issues define, each sized to keep the whole run
 * under ten minutes, into one report {@code bench/results/<date>.md} and {@code .json}. A benchmark whose tool is
 * missing (Docker, wrk) is skipped with a note; one that fails is reported as failed and the rest still run.
 */
final class BenchAll {
    /** Past this, the remaining suites are skipped rather than run over the ten minutes. */
    private static final Duration BUDGET = Duration.ofMinutes(9);
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);

    /** One benchmark of the report: a name and what it measures. */
    private record Suite(String name, Callable<List<Section>> run) {
        static Suite of(String name, Callable<Section> run) {
            return new Suite(name, () -> List.of(run.call()));
        }
    }

    private final Path dir;
    private final Path work;
    private final Machine machine;

    private BenchAll(Path dir) {
        this.dir = dir;
        this.work = dir.resolve("work");
        this.machine = Machine.describe();
    }

    private List<Suite> suites() {
        // Start and memory first: the report's headline figures, and the ones a late time-out must not skip.
        return List.of(
                Suite.of("start", () -> new ServerStartBench(work.resolve("start"), 4).run()),
                Suite.of("memory", () -> needs(machine.hasWrk(), "Server memory",
                        () -> new ServerMemoryBench(work.resolve("memory"), 12).run())),
                Suite.of("s3", () -> S3Bench.section(new S3Bench.Options(50, 3, 64, 3, 1, 4), work.resolve("s3"))),
                new Suite("training", () -> TrainingBench.sections(5, 1, 2000, 2048, 2)),
                Suite.of("docker", () -> needs(machine.hasDocker(), "Job start latency (Docker)",
                        () -> DockerStartLatency.section(3))),
                Suite.of("invoke", () -> needs(machine.hasWrk(), "InvokeEndpoint against direct calls",
                        () -> InvokeSection.measure(2, 1, 3))),
                Suite.of("endpoint", () -> needs(machine.hasDocker(), "Endpoint readiness (Docker)",
                        () -> EndpointReadinessBench.section(3))),
                // Transform reports as text: its own bench writes the figures, run here in a child JVM.
                Suite.of("transform", () -> child("transform", "Batch transform against direct calls")));
    }

    /** Runs every suite, or only those named in {@code only} when it is not empty. */
    static void main(Path dir, List<String> only) throws Exception {
        BenchAll all = new BenchAll(dir);
        TestFiles.deleteRecursively(all.work);
        Instant started = Instant.now();
        long start = System.nanoTime();
        List<Section> sections = new ArrayList<>();
        for (Suite suite : all.suites()) {
            if (!only.isEmpty() && !only.contains(suite.name())) {
                continue;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(BUDGET) > 0) {
                sections.add(Section.skipped(suite.name(), "the run's time budget (" + BUDGET.toMinutes()
                        + " min) was spent before it."));
                continue;
            }
            System.err.println("bench: " + suite.name() + " (" + elapsed.toSeconds() + " s in)");
            long suiteStart = System.nanoTime();
            try {
                for (Section section : suite.run().call()) {
                    sections.add(section.took((System.nanoTime() - suiteStart) / 1e9));
                }
            } catch (Exception | AssertionError e) {
                e.printStackTrace();
                sections.add(Section.skipped(suite.name(), "**failed**: " + e));
            }
        }
        FullReport report = new FullReport(started, (System.nanoTime() - start) / 1e9, all.machine,
                BenchReport.loadAverage(), sections);
        Path md = report.write(dir.resolve("results"));
        System.out.print(report.markdown());
        System.out.println("\nWritten to " + md + " and .json");
        TestFiles.deleteRecursively(all.work);
        // Servers' HTTP clients and the SDK's threads would keep the JVM up.
        System.exit(0);
    }

    private static Section needs(boolean present, String title, Callable<Section> run) throws Exception {
        if (!present) {
            return Section.skipped(title, title.contains("Docker") ? "no Docker engine answers on this machine."
                    : "needs wrk on PATH (Debian: apt-get install -y wrk).");
        }
        return run.call();
    }

    /**
     * A benchmark that reports only as text, run as {@code ./sagebox bench NAME} in a child JVM with a time limit;
     * its output goes into the report verbatim. Skipped when this build has no such command.
     */
    private Section child(String command, String title) throws Exception {
        if (!Bench.COMMANDS.containsKey(command)) {
            return Section.skipped(title, "`./sagebox bench " + command + "` is not in this build yet.");
        }
        Path output = Files.createDirectories(work).resolve(command + ".out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsagebox.bench.dir=" + dir, "-cp", System.getProperty("java.class.path"), Bench.class.getName(),
                command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return Section.skipped(title, "did not finish within " + CHILD_TIMEOUT.toSeconds() + " s.");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            return Section.skipped(title, "**failed** with exit code " + p.exitValue() + ":\n\n```\n"
                    + text.strip() + "\n```");
        }
        return new Section.Builder(title).note("Output of `./sagebox bench " + command + "`:").verbatim(text).build();
    }
}
