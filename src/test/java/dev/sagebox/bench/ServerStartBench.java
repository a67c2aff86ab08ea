package dev.sagebox.bench;

import dev.sagebox.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server start: from running the launcher's java command to the first answered request, with a fresh data dir and
 * with an existing one, beside the JVM's own floor ({@code java -version}) and the same jar without the launcher's
 * JVM flags. Variants are interleaved so each sees the same load.
 */
final class ServerStartBench {
    private static final String FLOOR = "`java -version` (the JVM's floor)";
    private static final String PLAIN = "`java -jar sagebox.jar up`, no flags, existing data dir";

    private final Path work;
    private final int reps;
    /** Where the CPU went by the first answer, per kind of thread: what limits the start when it misses its goal. */
    private final Map<String, List<Double>> threads = new TreeMap<>();

    ServerStartBench(Path work, int reps) {
        this.work = work;
        this.reps = reps;
    }

    Section run() throws Exception {
        int port = LaunchedServer.freePort();
        Path home = work.resolve("start-home");
        Path log = Files.createDirectories(work).resolve("start.log");
        List<String> launcher = LaunchedServer.launcherCommand(port, home);
        List<String> plain = LaunchedServer.withoutFlags(launcher);
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        String fresh = "launcher's java command, fresh data dir";
        String existing = "launcher's java command, existing data dir";
        String script = "`./sagebox up` (bash launcher included), existing data dir";
        List<String> scriptCommand = List.of(LaunchedServer.root().resolve("sagebox").toString(), "up", "--port",
                Integer.toString(port), "--data-dir", home.toString());
        for (int i = -1; i < reps; i++) {
            // The warm-up run (i = -1) also writes the class-data archive if the jar is new.
            boolean measured = i >= 0;
            record(measured, wall, cpu, FLOOR, floor(launcher.getFirst()), Double.NaN);
            TestFiles.deleteRecursively(home);
            startStop(measured, wall, cpu, fresh, launcher, port, log);
            startStop(measured, wall, cpu, existing, launcher, port, log);
            startStop(measured, wall, cpu, script, scriptCommand, port, log);
            startStop(measured, wall, cpu, PLAIN, plain, port, log);
        }
        Section.Builder section = new Section.Builder("Server start")
                .note("From starting the process to the first answered request (a raw `GET /_sagebox/health`, polled "
                        + "every millisecond), then SIGTERM. The launcher's java command is `"
                        + String.join(" ", launcher.subList(0, launcher.indexOf("-jar"))).replace(
                        LaunchedServer.root().toString(), ".") + " -jar target/sagebox.jar up ...`. "
                        + "Goal: under 1 s (a Java peer emulator takes 2.1 s). CPU is the process's user+system "
                        + "time when it first answered, all threads (JIT and GC included): on a loaded machine it "
                        + "moves less than wall time.");
        wall.forEach((name, samples) -> section.add(name.equals(FLOOR)
                ? Figure.baseline(name, "ms", 1, samples) : Figure.against(FLOOR, name, "ms", 1, samples)));
        cpu.forEach((name, samples) -> section.add(name.startsWith("CPU, " + PLAIN)
                ? Figure.baseline(name, "ms CPU", 1, samples)
                : Figure.against("CPU, " + PLAIN, name, "ms CPU", 1, samples)));
        // Each kind of thread against its variant's total CPU: the ratio is that kind's share.
        threads.forEach((key, samples) -> {
            String[] variant = key.split("\u0000");
            section.add(Figure.against("CPU, " + variant[0], "CPU, " + variant[0] + ", " + variant[1], "ms CPU", 1,
                    samples));
        });
        return section.build();
    }

    private void startStop(boolean measured, Map<String, List<Double>> wall, Map<String, List<Double>> cpu,
                           String name, List<String> command, int port, Path log) throws Exception {
        try (LaunchedServer server = LaunchedServer.start(command, port, log)) {
            record(measured, wall, cpu, name, server.answeredAfterNanos() / 1e6, server.cpuMillis());
            if (measured && !name.startsWith("`")) {
                server.threadCpuMillis().forEach((kind, millis) -> threads
                        .computeIfAbsent(name + "\u0000" + kind, k -> new ArrayList<>()).add(millis));
            }
        }
    }

    private static void record(boolean measured, Map<String, List<Double>> wall, Map<String, List<Double>> cpu,
                               String name, double wallMillis, double cpuMillis) {
        if (!measured) {
            return;
        }
        wall.computeIfAbsent(name, k -> new ArrayList<>()).add(wallMillis);
        if (!Double.isNaN(cpuMillis)) {
            cpu.computeIfAbsent("CPU, " + name, k -> new ArrayList<>()).add(cpuMillis);
        }
    }

    private static double floor(String java) throws Exception {
        long start = System.nanoTime();
        new ProcessBuilder(java, "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        return (System.nanoTime() - start) / 1e6;
    }
}
