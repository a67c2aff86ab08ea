package dev.sagebox.bench.training;

import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Time from CreateTrainingJob to the job log's first line (Sagebox's banner), to the program's first line, and to
 * Completed (TrainingEndTime), for a trivial BYO job whose {@code train} prints one line, per sandbox mode; beside a
 * bare {@code python3 -c pass} measured in the same run. Times come from the server's own timestamps (log events,
 * transitions), so the client's polling period does not add to them.
 */
final class StartLatencyBench {
    private static final String GROUP = "/aws/sagemaker/TrainingJobs";

    private final TrainingBench.Options options;
    private final Path work;

    StartLatencyBench(TrainingBench.Options options, Path work) {
        this.options = options;
        this.work = work;
    }

    List<String> run() throws Exception {
        List<String> report = new ArrayList<>(List.of("## Start latency (trivial job, process runtime)\n"));
        report.add(Stats.header());
        measure().forEach(r -> report.add(r.row()));
        report.add("\n" + NOTE + "\n");
        return report;
    }

    static final String NOTE = "Goal: first log line < 100 ms. The banner is Sagebox's first line, written just "
            + "before the process starts; the program's first line includes its interpreter's start.";

    /** The baselines first (their names start with "baseline"), then each sandbox mode's jobs. */
    List<Stats> measure() throws Exception {
        String python = realPython();
        Path algo = Files.createDirectories(work.resolve("algo-sh"));
        writeExecutable(algo.resolve("train"), "#!/bin/sh\necho first line\n");
        Path algoPy = Files.createDirectories(work.resolve("algo-py"));
        writeExecutable(algoPy.resolve("train"), "#!" + python + "\nprint('first line')\n");
        List<Stats> rows = new ArrayList<>();
        rows.add(baseline("`python3 -c pass` (PATH, pyenv shim)", List.of("python3", "-c", "pass")));
        rows.add(baseline("`" + python + " -c pass`", List.of(python, "-c", "pass")));
        rows.add(baseline("`/bin/sh -c :`", List.of("/bin/sh", "-c", ":")));
        for (String sandbox : List.of("auto", "none")) {
            // The process runtime alone: in auto mode a running Docker engine is asked about each image first.
            TestServer server = TestServer.start(Map.of("sagebox.process.sandbox", sandbox,
                    "sagebox.runtime", "process"));
            try {
                Files.writeString(server.home().resolve("process-images.json"), """
                        {"images": [{"image": "*/bench-sh:*", "directory": "%s"},
                                    {"image": "*/bench-py:*", "directory": "%s"}]}
                        """.formatted(algo, algoPy));
                String label = sandbox.equals("auto") ? "bwrap (auto)" : "no sandbox";
                rows.addAll(jobs(server, label + ", sh train", "local/bench-sh:1"));
                rows.addAll(jobs(server, label + ", python train", "local/bench-py:1"));
            } finally {
                server.close();
                server.delete();
            }
        }
        return rows;
    }

    private List<Stats> jobs(TestServer server, String label, String image) throws Exception {
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        try (SageMakerClient sm = server.sageMaker(); CloudWatchLogsClient logs = server.logs()) {
            for (int i = 0; i < options.warmups() + options.reps(); i++) {
                String name = "lat-" + image.replaceAll("[^a-z]", "") + "-" + i;
                long t0 = System.currentTimeMillis();
                sm.createTrainingJob(b -> b.trainingJobName(name).roleArn("arn:aws:iam::000000000000:role/R")
                        .algorithmSpecification(a -> a.trainingImage(image).trainingInputMode("File"))
                        .outputDataConfig(o -> o.s3OutputPath("file://" + work.resolve("out")))
                        .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                        .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
                DescribeTrainingJobResponse job = awaitEnd(sm, name);
                if (job.trainingJobStatus() != TrainingJobStatus.COMPLETED) {
                    throw new IllegalStateException(name + " ended " + job.trainingJobStatus() + ": "
                            + job.failureReason());
                }
                if (i < options.warmups()) {
                    continue;
                }
                List<OutputLogEvent> events = events(logs, name);
                add(samples, "to banner (first log line)", events.get(0).timestamp() - t0);
                add(samples, "to program's first line", events.get(1).timestamp() - t0);
                add(samples, "to Completed (TrainingEndTime)", job.trainingEndTime().toEpochMilli() - t0);
                for (SecondaryStatusTransition t : job.secondaryStatusTransitions()) {
                    add(samples, "to transition " + t.statusAsString(), t.startTime().toEpochMilli() - t0);
                }
            }
        }
        List<Stats> stats = new ArrayList<>();
        samples.forEach((what, values) -> stats.add(new Stats(label + ": " + what, values)));
        return stats;
    }

    private static void add(Map<String, List<Double>> samples, String what, long millis) {
        samples.computeIfAbsent(what, k -> new ArrayList<>()).add((double) millis);
    }

    private static DescribeTrainingJobResponse awaitEnd(SageMakerClient sm, String name) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            DescribeTrainingJobResponse job = sm.describeTrainingJob(b -> b.trainingJobName(name));
            if (job.trainingJobStatus() == TrainingJobStatus.COMPLETED
                    || job.trainingJobStatus() == TrainingJobStatus.FAILED) {
                return job;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        throw new IllegalStateException(name + " did not end within 60 s");
    }

    private static List<OutputLogEvent> events(CloudWatchLogsClient logs, String job) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var streams = logs.describeLogStreams(b -> b.logGroupName(GROUP).logStreamNamePrefix(job + "/"))
                    .logStreams();
            if (!streams.isEmpty()) {
                List<OutputLogEvent> events = logs.getLogEvents(b -> b.logGroupName(GROUP)
                        .logStreamName(streams.getFirst().logStreamName()).startFromHead(true)).events();
                if (events.size() >= 2) {
                    return events;
                }
            }
            LockSupport.parkNanos(20_000_000L);
        }
        throw new IllegalStateException(job + " has fewer than two log lines");
    }

    private Stats baseline(String label, List<String> command) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < options.warmups() + options.reps(); i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).inheritIO().start();
            process.waitFor();
            if (i >= options.warmups()) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return new Stats("baseline " + label, millis);
    }

    /** The interpreter behind {@code python3} on PATH, without pyenv's shim script in front of it. */
    private static String realPython() throws Exception {
        Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        String path = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return path;
    }

    private static void writeExecutable(Path file, String content) throws Exception {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
