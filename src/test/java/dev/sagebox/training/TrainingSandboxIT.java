package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * The process runtime inside bubblewrap (CONTRACTS §4.4): the job tree at {@code /opt/ml}, S3 inputs read-only, a
 * private {@code /tmp}, and a network of its own under EnableNetworkIsolation. Skips where bwrap does not work.
 */
class TrainingSandboxIT {
    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/hardcoded:1";
    private static final String DATA = "a,b\n1,2\n";

    private static TestServer server;
    private static SageMakerClient sm;
    private static S3Client s3;
    private static Path algorithm;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(bwrapWorks(), "bwrap is not installed or cannot create a sandbox here "
                + "(apt-get install bubblewrap)");
        server = TestServer.start(Map.of("sagebox.process.sandbox", "bwrap"));
        sm = server.sageMaker();
        s3 = server.s3();
        algorithm = Files.createTempDirectory("sagebox-sandbox-algo-");
        installAlgorithm(server, algorithm);
        s3.createBucket(b -> b.bucket("bkt"));
        s3.putObject(b -> b.bucket("bkt").key("data/data.csv"), RequestBody.fromString(DATA));
    }

    static boolean bwrapWorks() {
        try {
            Process probe = new ProcessBuilder("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--unshare-net",
                    "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void installAlgorithm(TestServer server, Path dir) throws Exception {
        Path train = dir.resolve("train");
        try (InputStream in = TrainingSandboxIT.class.getResourceAsStream("/training/sandbox/train")) {
            Files.copy(in, train, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(train, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "*/hardcoded:*", "directory": "%s"}]}
                """.formatted(dir));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server == null) {
            return;
        }
        sm.close();
        s3.close();
        server.close();
        server.delete();
        TestFiles.deleteRecursively(algorithm);
    }

    static software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest request(String name, int port,
                                                                                           boolean isolated) {
        return TrainingRequests.valid(name, IMAGE)
                .hyperParameters(Map.of("port", Integer.toString(port)))
                .enableNetworkIsolation(isolated)
                .inputDataConfig(Channel.builder().channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://bkt/data/"))).build())
                .outputDataConfig(o -> o.s3OutputPath("s3://bkt/out")).build();
    }

    static DescribeTrainingJobResponse runToEnd(SageMakerClient sm, String name) {
        return ByoFixture.awaitJob(sm, name, j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                || j.trainingJobStatus() == TrainingJobStatus.FAILED);
    }

    static List<String> logLines(TestServer server, String job) {
        try (CloudWatchLogsClient logs = server.logs()) {
            String stream = logs.describeLogStreams(b -> b.logGroupName("/aws/sagemaker/TrainingJobs")
                    .logStreamNamePrefix(job + "/algo-1-")).logStreams().getFirst().logStreamName();
            return logs.getLogEvents(b -> b.logGroupName("/aws/sagemaker/TrainingJobs").logStreamName(stream)
                    .startFromHead(true)).events().stream().map(OutputLogEvent::message).toList();
        }
    }

    @Test
    void byoJob_hardCodedOptMlPaths_workInTheSandboxWithReadOnlyS3Input() throws Exception {
        sm.createTrainingJob(request("hardcoded", server.port(), false));
        DescribeTrainingJobResponse job = runToEnd(sm, "hardcoded");
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        List<String> lines = logLines(server, "hardcoded");
        assertThat(lines.getFirst()).contains("in a bwrap sandbox").contains("network is the host's");
        // EACCES or EROFS: without capabilities even root meets the read-only modes, and under them the mount.
        assertThat(lines).contains("server port: reachable", "TMPDIR /tmp")
                .anyMatch(l -> l.startsWith("input write: refused"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("bkt").key("data/data.csv")).asUtf8String()).isEqualTo(DATA);
        Path archive = Files.createTempFile("hardcoded", ".tar.gz");
        try (InputStream in = s3.getObject(b -> b.bucket("bkt").key("out/hardcoded/output/model.tar.gz"))) {
            Files.copy(in, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(ByoFixture.tarRead(archive, "1/model.txt")).isEqualTo(DATA.toUpperCase());
        Files.delete(archive);
    }

    @Test
    void networkIsolation_blocksTheServerPortThatASharedNetworkReaches() {
        sm.createTrainingJob(request("isolated", server.port(), true));
        sm.createTrainingJob(request("shared", server.port(), false));
        DescribeTrainingJobResponse isolated = runToEnd(sm, "isolated");
        DescribeTrainingJobResponse shared = runToEnd(sm, "shared");
        assertThat(isolated.trainingJobStatus()).as(isolated.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(shared.trainingJobStatus()).as(shared.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        List<String> isolatedLines = logLines(server, "isolated");
        assertThat(isolatedLines.getFirst()).contains("network is isolated (EnableNetworkIsolation)");
        assertThat(isolatedLines).contains("server port: unreachable errno 111");
        assertThat(logLines(server, "shared")).contains("server port: reachable");
    }

    @Test
    void sandboxNone_rewritesPathsAndSaysSoAtTheTopOfTheLog() throws Exception {
        TestServer bare = TestServer.start(Map.of("sagebox.process.sandbox", "none"));
        try (SageMakerClient client = bare.sageMaker(); S3Client store = bare.s3()) {
            installAlgorithm(bare, algorithm);
            store.createBucket(b -> b.bucket("bkt"));
            store.putObject(b -> b.bucket("bkt").key("data/data.csv"), RequestBody.fromString(DATA));
            client.createTrainingJob(request("bare", bare.port(), true));
            DescribeTrainingJobResponse job = runToEnd(client, "bare");
            // The program hard-codes /opt/ml, which does not exist without the sandbox.
            assertThat(job.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
            assertThat(logLines(bare, "bare").getFirst()).contains("without bwrap")
                    .contains("EnableNetworkIsolation is not enforced without bwrap");
        } finally {
            bare.close();
            bare.delete();
        }
    }
}
