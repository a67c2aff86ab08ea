package dev.sagebox.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds host processes by the labels the process runtime puts in their environment ({@code SAGEBOX_LABELS}) and kills
 * their process groups. Processes lead their own session, so they outlive a server killed with {@code kill -9}.
 */
final class OrphanReaper {
    static final String VARIABLE = "SAGEBOX_LABELS";

    private OrphanReaper() {
    }

    /** {@code k=v} pairs joined by newlines: ARNs and paths hold neither a newline nor, in keys, an {@code =}. */
    static String encode(Map<String, String> labels) {
        StringBuilder encoded = new StringBuilder();
        labels.forEach((key, value) -> encoded.append(key).append('=').append(value).append('\n'));
        return encoded.toString();
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> labels = new HashMap<>();
        for (String line : encoded.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                labels.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return labels;
    }

    static int reap(Map<String, String> wanted) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        List<Path> pids;
        try (Stream<Path> entries = Files.list(proc)) {
            pids = entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
        } catch (IOException e) {
            return 0;
        }
        long self = ProcessHandle.current().pid();
        // A workload is a process group (its leader and whatever it started), so count and kill groups, not
        // processes: a shell and its child both carry the labels.
        java.util.Set<Long> groups = new java.util.LinkedHashSet<>();
        for (Path pid : pids) {
            long id = Long.parseLong(pid.getFileName().toString());
            Map<String, String> labels = labelsOf(pid);
            if (id != self && labels != null && labels.entrySet().containsAll(wanted.entrySet())) {
                groups.add(processGroupOf(pid, id));
            }
        }
        groups.forEach(OrphanReaper::killGroup);
        return groups.size();
    }

    /** Field 5 of {@code /proc/<pid>/stat}; the pid itself when the file cannot be read. */
    private static long processGroupOf(Path pid, long fallback) {
        try {
            String stat = Files.readString(pid.resolve("stat"), StandardCharsets.UTF_8);
            // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private static Map<String, String> labelsOf(Path pid) {
        try {
            String environ = new String(Files.readAllBytes(pid.resolve("environ")), StandardCharsets.UTF_8);
            for (String entry : environ.split("\0")) {
                if (entry.startsWith(VARIABLE + "=")) {
                    return decode(entry.substring(VARIABLE.length() + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or another user's process: not ours to reap
        }
        return null;
    }

    private static void killGroup(long pid) {
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
