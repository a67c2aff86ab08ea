package dev.sagebox.bench.training;

import dev.sagebox.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Staging a channel of many files (default 2,000 files, 2 GiB) into a training job, measured as the job's Downloading
 * phase (from the Downloading transition to the Training one, server timestamps), beside {@code cp -r} of the same
 * files on the same file system. The copy's source was just written, so it reads from the page cache: the baseline is
 * the copy at its fastest.
 */
final class StagingBench {
    private final TrainingBench.Options options;
    private final Path work;

    StagingBench(TrainingBench.Options options, Path work) {
        this.options = options;
        this.work = work;
    }

    List<String> run() throws Exception {
        List<Stats> measured = measure();
        Stats staged = measured.get(0);
        Stats copy = measured.get(1);
        long bytes = (long) options.mib() * 1024 * 1024;
        List<String> report = new ArrayList<>(List.of(String.format("## Staging %,d files, %,d MiB%n",
                options.files(), bytes / 1024 / 1024)));
        report.add(Stats.header());
        report.add(staged.row());
        report.add(copy.row());
        report.add(String.format("%nMedian speed-up over cp -r: %.0fx (goal >= 20x).%n",
                copy.median() / staged.median()));
        return report;
    }

    /** The staged channel's Downloading phase, then {@code cp -r} of the same files, interleaved. */
    List<Stats> measure() throws Exception {
        Path source = generate();
        List<Double> copies = new ArrayList<>();
        List<Double> stages = new ArrayList<>();
        // Uploads only set the bench up; fsync off keeps that part short and does not touch staging.
        TestServer server = TestServer.start(Map.of("sagebox.s3.fsync", "false"));
        try (SageMakerClient sm = server.sageMaker()) {
            upload(server, source);
            Path algo = Files.createDirectories(work.resolve("algo-stage"));
            Files.writeString(algo.resolve("train"), "#!/bin/sh\nls /opt/ml/input/data/train 2>/dev/null | wc -l\n");
            algo.resolve("train").toFile().setExecutable(true);
            Files.writeString(server.home().resolve("process-images.json"), """
                    {"images": [{"image": "*/bench-stage:*", "directory": "%s"}]}
                    """.formatted(algo));
            stage(sm, "stage-warmup");
            // Interleaved, so both see the same load on a shared machine.
            for (int i = 0; i < options.stageReps(); i++) {
                copies.add(copy(source));
                stages.add(stage(sm, "stage-" + i));
            }
        } finally {
            server.close();
            server.delete();
        }
        return List.of(new Stats("staged into a job (Downloading phase)", stages),
                new Stats("cp -r of the same files", copies));
    }

    private Path generate() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        int size = (int) ((long) options.mib() * 1024 * 1024 / options.files());
        byte[] block = new byte[size];
        new SplittableRandom(42).nextBytes(block);
        for (int i = 0; i < options.files(); i++) {
            ByteBuffer.wrap(block).putInt(0, i);
            Files.write(source.resolve(String.format("part-%05d.bin", i)), block);
        }
        return source;
    }

    private double copy(Path source) throws Exception {
        Path target = work.resolve("copy");
        long start = System.nanoTime();
        int exit = new ProcessBuilder("cp", "-r", source.toString(), target.toString()).inheritIO().start().waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException("cp -r failed");
        }
        new ProcessBuilder("rm", "-rf", target.toString()).inheritIO().start().waitFor();
        return millis;
    }

    private void upload(TestServer server, Path source) throws Exception {
        try (S3Client s3 = server.s3()) {
            s3.createBucket(b -> b.bucket("bench"));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> puts = new ArrayList<>();
            try (var files = Files.list(source)) {
                for (Path file : files.toList()) {
                    puts.add(pool.submit(() -> s3.putObject(b -> b.bucket("bench").key("data/" + file.getFileName()),
                            RequestBody.fromFile(file))));
                }
            }
            for (Future<?> put : puts) {
                put.get();
            }
            pool.shutdown();
        }
    }

    private double stage(SageMakerClient sm, String name) {
        sm.createTrainingJob(b -> b.trainingJobName(name).roleArn("arn:aws:iam::000000000000:role/R")
                .algorithmSpecification(a -> a.trainingImage("local/bench-stage:1").trainingInputMode("File"))
                .inputDataConfig(software.amazon.awssdk.services.sagemaker.model.Channel.builder()
                        .channelName("train").dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                                .s3Uri("s3://bench/data/"))).build())
                .outputDataConfig(o -> o.s3OutputPath("file://" + work.resolve("out")))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
        DescribeTrainingJobResponse job = awaitEnd(sm, name);
        return start(job, "Training").toEpochMilli() - start(job, "Downloading").toEpochMilli();
    }

    private static Instant start(DescribeTrainingJobResponse job, String status) {
        return job.secondaryStatusTransitions().stream().filter(t -> t.statusAsString().equals(status))
                .map(SecondaryStatusTransition::startTime).findFirst().orElseThrow();
    }

    private static DescribeTrainingJobResponse awaitEnd(SageMakerClient sm, String name) {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            DescribeTrainingJobResponse job = sm.describeTrainingJob(b -> b.trainingJobName(name));
            if (job.trainingJobStatus() == TrainingJobStatus.COMPLETED) {
                return job;
            }
            if (job.trainingJobStatus() == TrainingJobStatus.FAILED) {
                throw new IllegalStateException(name + " failed: " + job.failureReason());
            }
            LockSupport.parkNanos(50_000_000L);
        }
        throw new IllegalStateException(name + " did not end in time");
    }
}
