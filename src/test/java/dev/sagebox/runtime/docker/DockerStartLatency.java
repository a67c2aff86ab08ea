package dev.sagebox.runtime.docker;

import dev.sagebox.bench.Figure;
import dev.sagebox.bench.Section;
import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * A measurement, not a test: how long a trivial training job takes in Docker from CreateTrainingJob to its first own
 * log line and to Completed, next to {@code docker run --rm --network host IMAGE train} of the same image in the same
 * run, plain and with the options Sagebox gives a container (hostname, host alias, bind mounts, limits, shm, user).
 * Run with {@code ./sagebox bench docker [runs]}; writes {@code bench/results/docker-start.md}.
 */
public final class DockerStartLatency {
    private static final String FIRST_LINE = "trivial job started";

    private DockerStartLatency() {
    }

    /** Per run: Sagebox {first line, completed, server-side first line}, then plain and shaped docker run. */
    private record Samples(String image, List<long[]> sagebox, List<long[]> plain, List<long[]> shaped) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Samples samples = measure(runs);
        List<long[]> sagebox = samples.sagebox();
        List<long[]> plain = samples.plain();
        List<long[]> shaped = samples.shaped();
        StringBuilder report = new StringBuilder("# Docker start latency\n\n```\n");
        report.append(String.format("%s, %d runs after one warm-up, image %s, load average %s%n",
                java.time.Instant.now(), runs, samples.image(), Files.readString(Path.of("/proc/loadavg")).trim()));
        report.append(print("Sagebox CreateTrainingJob (docker)", sagebox));
        report.append(print("docker run --rm --network host", plain));
        report.append(print("  ... with Sagebox's container options", shaped));
        report.append("```\n\nThe first line is seen by a client polling GetLogEvents every 5 ms; the server-side figure is "
                + "the log event's receive time minus CreationTime.\n");
        System.out.print(report);
        String benchDir = System.getProperty("sagebox.bench.dir");
        if (benchDir != null) {
            Path results = Files.createDirectories(Path.of(benchDir, "results"));
            Files.writeString(results.resolve("docker-start.md"), report);
            System.out.println("Written to " + results.resolve("docker-start.md"));
        }
    }

    private static Samples measure(int runs) throws Exception {
        String image = TestImages.derived("trivial", TestImages.BUSYBOX, Map.of("/bin/train", ("#!/bin/sh\n"
                + "echo '" + FIRST_LINE + "'\nmkdir -p /opt/ml/model\necho model > /opt/ml/model/model.txt\n")
                .getBytes(StandardCharsets.UTF_8)));
        Path out = Files.createTempDirectory("sagebox-latency-");
        List<long[]> sagebox = new ArrayList<>();
        List<long[]> plain = new ArrayList<>();
        List<long[]> shaped = new ArrayList<>();
        Path optMl = Files.createDirectories(out.resolve("opt-ml/input"));
        try (TestServer server = TestServer.start(Map.of("sagebox.runtime", "docker"));
             SageMakerClient sm = server.sageMaker(); CloudWatchLogsClient logs = server.logs()) {
            for (int i = -1; i < runs; i++) {
                long[] viaSagebox = viaSagebox(sm, logs, image, "latency-" + (i + 1), out);
                long[] viaDocker = viaDockerRun(List.of(image, "train"));
                long[] viaShapedDocker = viaDockerRun(List.of("--hostname", "algo-1", "--add-host",
                        "algo-1:127.0.0.1", "-v", optMl.getParent() + ":/opt/ml", "-v", optMl + ":/opt/ml/input:ro",
                        "-m", "8g", "--memory-swap", "8g", "--cpus", "2", "--shm-size", "4g", "-u",
                        HostUser.current().spec(), image, "train"));
                if (i >= 0) {
                    sagebox.add(viaSagebox);
                    plain.add(viaDocker);
                    shaped.add(viaShapedDocker);
                }
            }
            server.delete();
        }
        return new Samples(image, sagebox, plain, shaped);
    }

    /** Docker job start as a section of the full report ({@code ./sagebox bench}). */
    public static Section section(int runs) throws Exception {
        Samples samples = measure(runs);
        String plain = "`docker run --rm --network host IMAGE train`: first line";
        return new Section.Builder("Job start latency (Docker)")
                .note("A trivial training job in Docker (busybox image whose `train` prints one line), from "
                        + "CreateTrainingJob to its first line as a client polling GetLogEvents every 5 ms sees it, "
                        + "against `docker run` of the same image to its first line, one warm-up each.")
                .add(Figure.baseline(plain, "ms", 1, millis(samples.plain(), 0)))
                .add(Figure.against(plain, "`docker run` with Sagebox's container options: first line", "ms", 1,
                        millis(samples.shaped(), 0)))
                .add(Figure.against(plain, "Sagebox CreateTrainingJob: first line seen", "ms", 1,
                        millis(samples.sagebox(), 0)))
                .add(Figure.against(plain, "Sagebox: first line received by the server (event - CreationTime)",
                        "ms", 1, millis(samples.sagebox(), 2)))
                .add(Figure.baseline("`docker run --rm` to exit", "ms", 1, millis(samples.plain(), 1)))
                .add(Figure.against("`docker run --rm` to exit", "Sagebox CreateTrainingJob to Completed", "ms", 1,
                        millis(samples.sagebox(), 1)))
                .build();
    }

    private static List<Double> millis(List<long[]> samples, int index) {
        return samples.stream().map(s -> (double) s[index]).toList();
    }

    /** Milliseconds from CreateTrainingJob to the job's own first line, and to Completed. */
    private static long[] viaSagebox(SageMakerClient sm, CloudWatchLogsClient logs, String image, String name,
                                     Path out) {
        long start = System.nanoTime();
        sm.createTrainingJob(b -> b.trainingJobName(name).roleArn("arn:aws:iam::000000000000:role/R")
                .algorithmSpecification(a -> a.trainingImage(image).trainingInputMode("File"))
                .outputDataConfig(o -> o.s3OutputPath("file://" + out))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
        long firstLine = -1;
        long received = -1;
        while (firstLine < 0) {
            received = printedAt(logs, name);
            if (received > 0) {
                firstLine = System.nanoTime() - start;
            } else {
                pause();
            }
        }
        long created = sm.describeTrainingJob(b -> b.trainingJobName(name)).creationTime().toEpochMilli();
        while (true) {
            TrainingJobStatus status = sm.describeTrainingJob(b -> b.trainingJobName(name)).trainingJobStatus();
            if (status == TrainingJobStatus.COMPLETED) {
                return new long[] {firstLine / 1_000_000, (System.nanoTime() - start) / 1_000_000,
                        received - created};
            }
            if (status != TrainingJobStatus.IN_PROGRESS) {
                throw new IllegalStateException(name + " ended " + status);
            }
            pause();
        }
    }

    /** The receive time (epoch ms) of the job's first own line, or -1 while it has not arrived. */
    private static long printedAt(CloudWatchLogsClient logs, String job) {
        try {
            var streams = logs.describeLogStreams(b -> b.logGroupName("/aws/sagemaker/TrainingJobs")
                    .logStreamNamePrefix(job + "/")).logStreams();
            if (streams.isEmpty()) {
                return -1;
            }
            return logs.getLogEvents(b -> b.logGroupName("/aws/sagemaker/TrainingJobs")
                    .logStreamName(streams.getFirst().logStreamName()).startFromHead(true)).events().stream()
                    .filter(e -> e.message().equals(FIRST_LINE)).mapToLong(e -> e.timestamp()).findFirst()
                    .orElse(-1);
        } catch (ResourceNotFoundException notYet) {
            return -1;
        }
    }

    /** Milliseconds from starting {@code docker run --rm --network host <arguments>} to its first line and exit. */
    private static long[] viaDockerRun(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "host"));
        command.addAll(arguments);
        long start = System.nanoTime();
        Process docker = new ProcessBuilder(command).redirectErrorStream(true).start();
        long firstLine = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(docker.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (firstLine < 0 && line.equals(FIRST_LINE)) {
                    firstLine = System.nanoTime() - start;
                }
            }
        }
        if (docker.waitFor() != 0 || firstLine < 0) {
            throw new IllegalStateException("docker run failed with exit code " + docker.exitValue());
        }
        return new long[] {firstLine / 1_000_000, (System.nanoTime() - start) / 1_000_000};
    }

    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }

    private static String print(String what, List<long[]> samples) {
        String line = String.format("%-36s first line seen: %s   completed/exited: %s%n", what, stats(samples, 0),
                stats(samples, 1));
        if (samples.getFirst().length > 2) {
            line += String.format("%-36s first line received by the server (event timestamp - CreationTime): %s%n",
                    "", stats(samples, 2));
        }
        return line;
    }

    private static String stats(List<long[]> samples, int index) {
        long[] values = samples.stream().mapToLong(s -> s[index]).sorted().toArray();
        return String.format("median %4d ms (min %4d, max %4d)", values[values.length / 2], values[0],
                values[values.length - 1]);
    }
}
