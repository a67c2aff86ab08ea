package dev.sagebox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sagebox.bench.S3Bench.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a benchmark's results as Markdown for people and JSON for tools, with the machine they ran on. */
final class BenchReport {
    private final S3Bench.Options options;
    private final List<Result> results;
    private final Instant started;
    private final Duration took;
    private final String loadBefore;

    BenchReport(S3Bench.Options options, List<Result> results, Instant started, Duration took, String loadBefore) {
        this.loadBefore = loadBefore;
        this.options = options;
        this.results = results;
        this.started = started;
        this.took = took;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("s3.md"), markdown());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("s3.json").toFile(),
                json());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# S3 throughput\n\n");
        md.append("Run ").append(started).append(" for ").append(took.toSeconds()).append(" s on ")
                .append(machine()).append("; load average ").append(loadBefore).append(" before, ")
                .append(loadAverage()).append(" after.\n\n");
        md.append("The server runs in its own JVM (`sagebox up`, auth off) with its data dir on the same file "
                + "system as the baseline's files; client and server share the machine's cores. Each workload had "
                + options.warmups() + " warm-up repetition(s), then " + options.smallReps() + " measured "
                + "repetitions of " + options.smallCount() + " objects (" + options.concurrency() + " at a time) "
                + "or " + options.largeReps() + " of the large object (one request). MiB/s = 2^20 bytes per second "
                + "of wall time; the ratio compares medians with the file copy of the same bytes. Server CPU is "
                + "the server process's user+system time per MiB moved, warm-ups included. Every file is in the page "
                + "cache, so the figures show CPU and fsync costs, not disk reads.\n\n"
                + "Clients: *raw HTTP/1.1 socket* sends unsigned requests (`UNSIGNED-PAYLOAD`) with no checksum, the "
                + "least work a client can do; *Java SDK v2, checksums when required* still signs every body "
                + "over plain HTTP, in aws-chunked encoding with a SHA-256 and an HMAC per chunk "
                + "(`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`); *Java SDK v2, default checksums* adds a CRC32 trailer "
                + "(`…-PAYLOAD-TRAILER`) and validates the CRC32 of downloads.\n\n");
        md.append("| Workload | Client | Op | min MiB/s | median MiB/s | max MiB/s | vs copy | vs copy+fsync "
                + "| server CPU ms/MiB |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.0f | %s | %s | %s |%n",
                    r.workload(), r.client(), r.operation(), r.samples().min(), r.samples().median(),
                    r.samples().max(), ratio(r, S3Bench.COPY), ratio(r, S3Bench.COPY_FSYNC),
                    r.serverCpuMsPerMib() == null ? "" : String.format(Locale.ROOT, "%.2f", r.serverCpuMsPerMib())));
        }
        md.append("\nReproduce with `./sagebox bench s3` (options: --small-count, --small-reps, --large-mib, "
                + "--large-reps, --warmups, --concurrency).\n");
        return md.toString();
    }

    private String ratio(Result r, String baseline) {
        return results.stream()
                .filter(b -> b.client().equals(baseline) && b.workload().equals(r.workload()))
                .findFirst()
                .map(b -> String.format(Locale.ROOT, "%.2f", r.samples().median() / b.samples().median()))
                .orElse("");
    }

    private Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "s3");
        root.put("started", started.toString());
        root.put("seconds", took.toSeconds());
        root.put("machine", machine());
        root.put("loadAverageBefore", loadBefore);
        root.put("loadAverageAfter", loadAverage());
        root.put("options", options);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("workload", r.workload());
            row.put("client", r.client());
            row.put("operation", r.operation());
            row.put("objectBytes", r.objectBytes());
            row.put("objectsPerRep", r.objectsPerRep());
            row.put("concurrency", r.concurrency());
            row.put("warmups", r.warmups());
            row.put("reps", r.reps());
            row.put("mibPerSecond", r.samples().mibPerSecond());
            row.put("min", r.samples().min());
            row.put("median", r.samples().median());
            row.put("max", r.samples().max());
            row.put("serverCpuMsPerMib", r.serverCpuMsPerMib());
            rows.add(row);
        }
        root.put("results", rows);
        return root;
    }

    /** The 1, 5 and 15 minute load averages: other work on the host shows in every figure. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }
}
