package dev.sagebox.training;

import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;

/**
 * A bring-your-own algorithm on disk ({@code train} from test resources), mapped as image {@code local/byo:1}, with a
 * {@code file://} training channel and output directory.
 */
final class ByoFixture implements AutoCloseable {
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/byo:latest";

    final Path root;
    final Path algorithm;
    final Path data;
    final Path output;

    private ByoFixture(Path root) {
        this.root = root;
        this.algorithm = root.resolve("algo");
        this.data = root.resolve("data");
        this.output = root.resolve("out");
    }

    static ByoFixture create(TestServer server) throws IOException {
        ByoFixture fixture = new ByoFixture(Files.createTempDirectory("sagebox-byo-"));
        Files.createDirectories(fixture.algorithm);
        Files.createDirectories(fixture.data);
        Path train = fixture.algorithm.resolve("train");
        try (InputStream in = ByoFixture.class.getResourceAsStream("/training/train")) {
            Files.copy(in, train);
        }
        Files.setPosixFilePermissions(train, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(fixture.data.resolve("data.csv"), "a,b\n1,2\n");
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "*/byo:*", "directory": "%s"}]}
                """.formatted(fixture.algorithm));
        return fixture;
    }

    String dataUri() {
        return "file://" + data;
    }

    /** A File-mode channel over the fixture's data directory. */
    software.amazon.awssdk.services.sagemaker.model.Channel channel(String name) {
        return software.amazon.awssdk.services.sagemaker.model.Channel.builder().channelName(name)
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri(dataUri()))).build();
    }

    String outputUri() {
        return "file://" + output;
    }

    /** Polls Describe, as clients do, until {@code done} holds or the deadline passes. */
    static DescribeTrainingJobResponse awaitJob(SageMakerClient sm, String name,
                                                Predicate<DescribeTrainingJobResponse> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        DescribeTrainingJobResponse job;
        do {
            job = sm.describeTrainingJob(b -> b.trainingJobName(name));
            if (done.test(job)) {
                return job;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + name + " did not get there in time; last seen " + job);
    }

    /** Polls the job's algo-1 log stream until a line equal to {@code line} shows up. */
    static void awaitLogLine(TestServer server, String job, String line) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (CloudWatchLogsClient logs = server.logs()) {
            while (System.nanoTime() < deadline) {
                List<String> streams;
                try {
                    streams = logs.describeLogStreams(b -> b.logGroupName("/aws/sagemaker/TrainingJobs")
                            .logStreamNamePrefix(job + "/algo-1-")).logStreams().stream()
                            .map(s -> s.logStreamName()).toList();
                } catch (ResourceNotFoundException groupNotYetCreated) {
                    streams = List.of();
                }
                if (!streams.isEmpty()) {
                    String stream = streams.getFirst();
                    if (logs.getLogEvents(b -> b.logGroupName("/aws/sagemaker/TrainingJobs").logStreamName(stream)
                            .startFromHead(true)).events().stream().anyMatch(e -> e.message().equals(line))) {
                        return;
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        throw new AssertionError("job " + job + " never printed " + line);
    }

    static List<String> tarList(Path archive) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "-tzf", archive.toString()).redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new AssertionError("tar -tzf failed: " + out);
        }
        return new ArrayList<>(out.lines().toList());
    }

    static String tarRead(Path archive, String entry) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "-xzOf", archive.toString(), entry).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new AssertionError("tar -xzOf failed for " + entry);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        TestFiles.deleteRecursively(root);
    }
}
