package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * What a container adds at the edges: network isolation, output owned by another user, memory limits from the
 * instance type, images that are not local, and containers left behind by a server that stopped or died.
 */
class DockerTrainingEdgesIT {
    private static TestServer server;
    private static SageMakerClient sm;
    private static ByoFixture byo;

    @BeforeAll
    static void start() throws Exception {
        if (!TestImages.isAvailable(TestImages.BUSYBOX)) {
            return;
        }
        server = TestServer.start(Map.of("sagebox.training.stopGraceSeconds", "5",
                "sagebox.images", "acme/sh-algo:7=" + TestImages.BUSYBOX,
                "sagebox.instanceTypes", "ml.c5.large=1/32m"));
        sm = server.sageMaker();
        byo = ByoFixture.create(server);
    }

    @BeforeEach
    void requireDocker() {
        // Per test, so each one is reported as skipped with the reason (or fails under SAGEBOX_REQUIRE_DOCKER=1).
        TestImages.assumeAvailable(TestImages.BUSYBOX);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            sm.close();
            server.close();
            server.delete();
            byo.close();
        }
    }

    private static DescribeTrainingJobResponse awaitEnd(String name) {
        return ByoFixture.awaitJob(sm, name, j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                || j.trainingJobStatus() == TrainingJobStatus.FAILED
                || j.trainingJobStatus() == TrainingJobStatus.STOPPED);
    }

    private static List<Container> containersLabelled(String key, String value) {
        return TestImages.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(key, value)).exec();
    }

    @Test
    void networkIsolation_cannotReachTheHostAndHasNoAwsVariables_otherwiseBoth() {
        String probe = "if env | grep -q '^AWS_'; then echo has-aws; else echo no-aws; fi; "
                + "nc -w 3 127.0.0.1 " + server.port() + " </dev/null && echo connected";
        sm.createTrainingJob(DockerTrainingIT.shJob(byo, "net-open", probe).build());
        sm.createTrainingJob(DockerTrainingIT.shJob(byo, "net-isolated", probe).enableNetworkIsolation(true).build());
        DescribeTrainingJobResponse open = awaitEnd("net-open");
        DescribeTrainingJobResponse isolated = awaitEnd("net-isolated");

        assertThat(open.trainingJobStatus()).as(open.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(DockerTrainingIT.logLines(server, "net-open")).contains("has-aws", "connected");
        assertThat(isolated.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(isolated.failureReason()).startsWith("AlgorithmError: ").contains("no-aws", "can't connect")
                .endsWith(", exit code: 1");
        assertThat(DockerTrainingIT.logLines(server, "net-isolated")).doesNotContain("connected");
    }

    @Test
    void outputOwnedByAnotherUser_isPackaged_andGivenBackToTheServersUser() throws Exception {
        sm.createTrainingJob(DockerTrainingIT.shJob(byo, "foreign-output", "mkdir -p /opt/ml/model/secret"
                + " && echo w > /opt/ml/model/secret/w && echo d > /opt/ml/output/data/d"
                + " && chown -R 4321:4321 /opt/ml/model /opt/ml/output && chmod 700 /opt/ml/model/secret"
                + " && chmod 400 /opt/ml/model/secret/w").build());
        DescribeTrainingJobResponse job = awaitEnd("foreign-output");
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        Path model = byo.output.resolve("foreign-output/output/model.tar.gz");
        assertThat(ByoFixture.tarRead(model, "secret/w")).isEqualTo("w\n");
        assertThat(ByoFixture.tarRead(model.resolveSibling("output.tar.gz"), "d")).isEqualTo("d\n");

        Path tree = server.home().resolve("jobs/foreign-output/algo-1/opt/ml");
        Object uid = Files.getAttribute(server.home(), "unix:uid");
        for (Path path : List.of(tree.resolve("model"), tree.resolve("model/secret/w"),
                tree.resolve("output/data/d"))) {
            assertThat(Files.getAttribute(path, "unix:uid")).as(path.toString()).isEqualTo(uid);
        }
    }

    @Test
    void memoryLimitFromTheInstanceType_exceeded_isReportedAsOutOfMemory() {
        sm.createTrainingJob(DockerTrainingIT.shJob(byo, "oom", "exec dd if=/dev/zero of=/dev/null bs=128M count=1")
                .resourceConfig(r -> r.instanceType("ml.c5.large").instanceCount(1).volumeSizeInGB(1)).build());
        DescribeTrainingJobResponse job = awaitEnd("oom");
        assertThat(job.failureReason())
                .isEqualTo("AlgorithmError: Out of memory: the container was killed, exit code: 137");
    }

    @Test
    void imageNotLocal_failsFast_withTheClientErrorNamingTheRemedy() {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/nowhere:1";
        long started = System.nanoTime();
        sm.createTrainingJob(TrainingRequests.valid("not-local", image).inputDataConfig(byo.channel("train"))
                .outputDataConfig(o -> o.s3OutputPath(byo.outputUri())).build());
        DescribeTrainingJobResponse job = awaitEnd("not-local");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
        assertThat(job.failureReason()).isEqualTo("ClientError: Image " + image + " is not in the local cache; run "
                + "\"sagebox images pull " + image + "\" while online, or map it to a local runtime");
        assertThat(job.secondaryStatusTransitions()).extracting(SecondaryStatusTransition::statusAsString)
                .containsExactly("Starting", "Failed");
    }

    @Test
    void serverStop_removesItsRunningContainers() throws Exception {
        TestServer other = TestServer.start(Map.of("sagebox.images", "acme/sh-algo:7=" + TestImages.BUSYBOX));
        try (ByoFixture fixture = ByoFixture.create(other); SageMakerClient client = other.sageMaker()) {
            String arn = client.createTrainingJob(DockerTrainingIT.shJob(fixture, "left-running",
                    "echo started; sleep 300").build()).trainingJobArn();
            ByoFixture.awaitLogLine(other, "left-running", "started");
            assertThat(containersLabelled("sagebox.arn", arn)).hasSize(1);
            other.close();
            assertThat(containersLabelled("sagebox.arn", arn)).isEmpty();
        } finally {
            other.close();
            other.delete();
        }
    }

    @Test
    void startUp_reapsContainersOfThisDataDirOnly() throws Exception {
        Path home = Files.createTempDirectory("sagebox-reap-");
        String mine = plant(home.toAbsolutePath().resolve("jobs").toString());
        String foreign = plant(home.toAbsolutePath().resolve("elsewhere/jobs").toString());
        TestServer restarted = TestServer.startOn(home, Map.of());
        try {
            // Containers are reaped in the background once the server starts (before any container is placed).
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (containerIds().contains(mine) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(containerIds()).contains(foreign).doesNotContain(mine);
        } finally {
            TestImages.client().removeContainerCmd(foreign).withForce(true).exec();
            restarted.close();
            TestFiles.deleteRecursively(home);
        }
    }

    private static List<String> containerIds() {
        return TestImages.client().listContainersCmd().withShowAll(true).exec().stream().map(Container::getId)
                .toList();
    }

    private static String plant(String jobsDir) {
        String id = TestImages.client().createContainerCmd(TestImages.BUSYBOX).withCmd("sleep", "300")
                .withLabels(Map.of("sagebox.arn", "arn:aws:sagemaker:us-east-1:000000000000:training-job/x",
                        "sagebox.host", "algo-1", "sagebox.jobs", jobsDir))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        TestImages.client().startContainerCmd(id).exec();
        return id;
    }
}
