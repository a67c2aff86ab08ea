package dev.sagebox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The host a report was made on: every figure depends on it, and on what else ran there (the load average). */
public record Machine(String cpu, int cores, long ramMib, String kernel, String jdk, String docker, String wrk,
                      String loadAverageAtStart) {
    public static Machine describe() {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), totalRamMib(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                firstLine(List.of("docker", "version", "--format", "{{.Server.Version}}"), true),
                firstLine(List.of("wrk", "--version"), false).replaceAll(" Copyright.*", ""), BenchReport.loadAverage());
    }

    public String markdown() {
        return "| CPU | cores | RAM | kernel | JDK | Docker engine | wrk | load average at start |\n"
                + "|---|---|---|---|---|---|---|---|\n"
                + "| " + cpu + " | " + cores + " | " + ramMib + " MiB | " + kernel + " | " + jdk + " | " + docker
                + " | " + wrk + " | " + loadAverageAtStart + " |\n";
    }

    /** Whether a Docker engine answered when the machine was described. */
    public boolean hasDocker() {
        return !docker.startsWith("absent");
    }

    public boolean hasWrk() {
        return !wrk.startsWith("absent");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long totalRamMib() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The command's first output line, or "absent (why)" when it cannot run (or fails, if it must succeed). */
    private static String firstLine(List<String> command, boolean mustSucceed) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS) || mustSucceed && p.exitValue() != 0) {
                return "absent (" + out.lines().findFirst().orElse("exit " + p.exitValue()) + ")";
            }
            return out.lines().findFirst().orElse("").replace("|", "/");
        } catch (IOException e) {
            return "absent (" + command.getFirst() + " not found)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "absent (interrupted)";
        }
    }
}
