package dev.sagebox.bench;

import dev.sagebox.SageboxConfig;
import dev.sagebox.cli.SageboxCommand;
import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;

/**
 * {@code ./sagebox bench promote [MIB]}: promotes a training job with a MIB-sized channel (default 500) from one
 * Sagebox to another that plays the cloud, then again (which must copy nothing), against {@code aws s3 cp --recursive}
 * of the same data between the same two servers (download from one, upload to the other: the AWS CLI talks to one
 * endpoint per command). Writes {@code bench/results/promote.md}.
 */
public final class PromoteBench {
    private static final Pattern COPIED = Pattern.compile("Copy: copied (\\d+) object\\(s\\), (\\d+) bytes");
    private static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1-cpu-py310";

    private PromoteBench() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path dir = Path.of(System.getProperty("sagebox.bench.dir", "bench")).toAbsolutePath();
        Path work = Files.createDirectories(dir.resolve("work").resolve("promote"));
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        Map<String, String> noRuns = Map.of(SageboxConfig.TRAINING_LAUNCH, "false");
        String load = BenchReport.loadAverage();
        try (TestServer local = TestServer.start(noRuns); TestServer cloud = TestServer.start(noRuns)) {
            int files = Math.max(1, mib / 100);
            long perFile = (long) mib * 1024 * 1024 / files;
            seed(local, work, files, perFile);
            Figure first = promote(local, cloud, "promote-bench");
            Figure again = promote(local, cloud, "promote-bench-again");
            Figure cli = awsCliCopy(local, cloud, work, "cli-copy");
            Figure cliAgain = awsCliCopy(local, cloud, work, "cli-copy");
            String report = report(mib, files, List.of(first, again, cli, cliAgain), load);
            Files.createDirectories(dir.resolve("results"));
            Files.writeString(dir.resolve("results").resolve("promote.md"), report);
            System.out.print(report);
            local.delete();
            cloud.delete();
        } finally {
            TestFiles.deleteRecursively(work);
        }
    }

    record Figure(long bytes, double seconds, String note) {
        String mibPerSecond() {
            return bytes == 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0 / seconds);
        }
    }

    private static void seed(TestServer local, Path work, int files, long perFile) throws IOException {
        Path blob = work.resolve("blob.bin");
        try (S3Client s3 = local.s3(); SageMakerClient sm = local.sageMaker()) {
            s3.createBucket(b -> b.bucket("sagebox-data"));
            for (int i = 0; i < files; i++) {
                write(blob, perFile, i);
                String key = "channel/part-" + i + ".bin";
                s3.putObject(b -> b.bucket("sagebox-data").key(key), RequestBody.fromFile(blob));
            }
            sm.createTrainingJob(b -> b.trainingJobName("promote-bench").roleArn(
                            "arn:aws:iam::000000000000:role/SageMakerRole")
                    .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("File"))
                    .inputDataConfig(Channel.builder().channelName("train").dataSource(d -> d.s3DataSource(s -> s
                            .s3DataType("S3Prefix").s3Uri("s3://sagebox-data/channel/"))).build())
                    .outputDataConfig(o -> o.s3OutputPath("s3://sagebox-data/output"))
                    .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(10))
                    .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
        }
        Files.deleteIfExists(blob);
    }

    private static void write(Path file, long size, int seed) throws IOException {
        Random random = new Random(seed);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
    }

    private static Figure promote(TestServer local, TestServer cloud, String name) {
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text, true);
        long start = System.nanoTime();
        int code = new CommandLine(new SageboxCommand()).setOut(writer).setErr(writer).execute("promote",
                "training-job", "promote-bench", "--name", name, "--role", "arn:aws:iam::000000000000:role/R",
                "--region", "us-east-1", "--endpoint-url", cloud.endpoint().toString(), "--local-endpoint",
                local.endpoint().toString(), "--data-dir", local.home().toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        Matcher m = COPIED.matcher(text.toString());
        if (code != 0 || !m.find()) {
            throw new IllegalStateException("promote failed (" + code + "):\n" + text);
        }
        return new Figure(Long.parseLong(m.group(2)), seconds, m.group(1) + " object(s) sent");
    }

    private static Figure awsCliCopy(TestServer local, TestServer cloud, Path work, String bucket) throws Exception {
        try (S3Client s3 = cloud.s3()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
        }
        Path copy = work.resolve("cli");
        TestFiles.deleteRecursively(copy);
        Files.createDirectories(copy);
        long start = System.nanoTime();
        aws("s3", "cp", "--recursive", "--quiet", "s3://sagebox-data/channel/", copy.toString(), "--endpoint-url",
                local.endpoint().toString());
        double down = (System.nanoTime() - start) / 1e9;
        aws("s3", "cp", "--recursive", "--quiet", copy.toString(), "s3://" + bucket + "/channel/", "--endpoint-url",
                cloud.endpoint().toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes;
        try (var paths = Files.list(copy)) {
            bytes = paths.mapToLong(p -> p.toFile().length()).sum();
        }
        return new Figure(bytes, seconds, String.format(Locale.ROOT, "download %.1f s + upload %.1f s", down,
                seconds - down));
    }

    private static void aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true"));
        int code = builder.start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("aws " + String.join(" ", args) + " exited " + code);
        }
    }

    private static String report(int mib, int files, List<Figure> figures, String load) throws IOException {
        String[] names = {"sagebox promote (first)", "sagebox promote (repeat)", "aws s3 cp --recursive (down + up)",
            "aws s3 cp --recursive (repeat)"};
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            rows.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s |%n", names[i], f.bytes(), f.seconds(),
                    f.mibPerSecond(), f.note()));
        }
        return """
                # Promote benchmark

                Run %s. Two Sagebox servers on loopback, both in the bench's JVM (local and "cloud"), a training job
                with one %d MiB S3Prefix channel in %d objects. `sagebox promote training-job` copies it to the target
                bucket (multipart, 32 MiB parts, four at a time, a CRC32 on every part and a full-object CRC32 the
                target verifies on completion), then the same promotion again under a new job name. Baseline: `aws s3
                cp --recursive` of the same objects from one server to a directory and from there to the other (the
                AWS CLI talks to one endpoint per command), twice. Load average before: %s; after: %s; %d CPUs.

                | Run | Bytes copied | Seconds | MiB/s | Note |
                |---|---:|---:|---:|---|
                %s

                A repeat promotion sends nothing: each object's size and CRC32 (HeadObject with checksum mode) already
                match on the target. `aws s3 cp` has no such check and sends everything again.
                """.formatted(Instant.now(), mib, files, load, BenchReport.loadAverage(),
                Runtime.getRuntime().availableProcessors(), rows.toString().strip());
    }
}
