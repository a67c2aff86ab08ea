package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Training jobs in Docker containers (CONTRACTS §4.2, §4.4) on a server with {@code sagebox.runtime=auto}: the BYO
 * program from {@code /training/train} built into an image on the Python test image and addressed by an ECR URI,
 * next to the same program mapped as a host process. The scenarios shared with the process runtime (failure file,
 * exit code, stop, max runtime, checkpoints, two hosts) run on both runtimes in {@link TrainingRunIT}.
 */
class DockerTrainingIT {
    static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/";

    private static TestServer server;
    private static SageMakerClient sm;
    private static ByoFixture byo;
    private static String localByo;

    @BeforeAll
    static void start() throws Exception {
        if (!TestImages.isAvailable(TestImages.BUSYBOX, TestImages.PYTHON)) {
            return;
        }
        try (InputStream train = DockerTrainingIT.class.getResourceAsStream("/training/train")) {
            localByo = TestImages.derived("byo", TestImages.PYTHON, Map.of("/usr/local/bin/train",
                    train.readAllBytes()));
        }
        server = TestServer.start(Map.of("sagebox.training.stopGraceSeconds", "5",
                "sagebox.images", "acme/sh-algo:7=" + TestImages.BUSYBOX));
        sm = server.sageMaker();
        byo = ByoFixture.create(server);
    }

    @BeforeEach
    void requireDocker() {
        // Per test, so each one is reported as skipped with the reason (or fails under SAGEBOX_REQUIRE_DOCKER=1).
        TestImages.assumeAvailable(TestImages.BUSYBOX, TestImages.PYTHON);
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

    private static CreateTrainingJobRequest.Builder byoJob(String name, String image, String mode) {
        return TrainingRequests.valid(name, image)
                .hyperParameters(Map.of("epochs", "3", "mode", mode))
                .inputDataConfig(byo.channel("train"))
                .outputDataConfig(o -> o.s3OutputPath(byo.outputUri()));
    }

    /** A job on the busybox image (through the alias map) running {@code script} with {@code sh -c}. */
    static CreateTrainingJobRequest.Builder shJob(ByoFixture byo, String name, String script) {
        return TrainingRequests.valid(name, "acme/sh-algo:7")
                .algorithmSpecification(a -> a.trainingImage("acme/sh-algo:7").trainingInputMode("File")
                        .containerEntrypoint("sh", "-c").containerArguments(script))
                .inputDataConfig(byo.channel("train"))
                .outputDataConfig(o -> o.s3OutputPath(byo.outputUri()));
    }

    private static DescribeTrainingJobResponse awaitEnd(String name) {
        return ByoFixture.awaitJob(sm, name, j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                || j.trainingJobStatus() == TrainingJobStatus.FAILED
                || j.trainingJobStatus() == TrainingJobStatus.STOPPED);
    }

    static List<String> logLines(TestServer server, String job) {
        try (CloudWatchLogsClient logs = server.logs()) {
            String stream = logs.describeLogStreams(b -> b.logGroupName("/aws/sagemaker/TrainingJobs")
                    .logStreamNamePrefix(job + "/algo-1-")).logStreams().getFirst().logStreamName();
            return logs.getLogEvents(b -> b.logGroupName("/aws/sagemaker/TrainingJobs").logStreamName(stream)
                    .startFromHead(true)).events().stream().map(OutputLogEvent::message).toList();
        }
    }

    /** Entry name to content (directories as empty strings): the archive apart from timestamps. */
    private static Map<String, String> contents(Path archive) throws IOException, InterruptedException {
        Map<String, String> entries = new TreeMap<>();
        for (String entry : ByoFixture.tarList(archive)) {
            entries.put(entry, entry.endsWith("/") ? "" : ByoFixture.tarRead(archive, entry));
        }
        return entries;
    }

    @Test
    void sameByoJob_inDockerAndAsHostProcess_givesTheSameModelMetricsAndOutput() throws Exception {
        MetricDefinition loss = MetricDefinition.builder().name("train:loss").regex("loss=([0-9.]+)").build();
        for (String[] run : new String[][] {{"byo-in-docker", ECR + localByo}, {"byo-as-process", ByoFixture.IMAGE}}) {
            sm.createTrainingJob(byoJob(run[0], run[1], "ok").algorithmSpecification(a -> a.trainingImage(run[1])
                    .trainingInputMode("File").metricDefinitions(loss)).build());
        }
        DescribeTrainingJobResponse docker = awaitEnd("byo-in-docker");
        DescribeTrainingJobResponse process = awaitEnd("byo-as-process");
        assertThat(docker.trainingJobStatus()).as(docker.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(process.trainingJobStatus()).as(process.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);

        Path dockerModel = byo.output.resolve("byo-in-docker/output/model.tar.gz");
        Path processModel = byo.output.resolve("byo-as-process/output/model.tar.gz");
        Map<String, String> dockerEntries = contents(dockerModel);
        assertThat(dockerEntries).containsKeys("model.txt", "sub/params.json")
                .isEqualTo(contents(processModel));
        assertThat(contents(dockerModel.resolveSibling("output.tar.gz")))
                .isEqualTo(contents(processModel.resolveSibling("output.tar.gz")));
        assertThat(docker.finalMetricDataList()).extracting(m -> m.metricName() + "=" + m.value())
                .containsExactly("train:loss=0.3333")
                .isEqualTo(process.finalMetricDataList().stream().map(m -> m.metricName() + "=" + m.value())
                        .toList());
        assertThat(docker.secondaryStatusTransitions()).extracting(SecondaryStatusTransition::statusMessage)
                .isEqualTo(process.secondaryStatusTransitions().stream()
                        .map(SecondaryStatusTransition::statusMessage).toList());

        List<String> lines = logLines(server, "byo-in-docker");
        assertThat(lines.getFirst()).isEqualTo("Sagebox: running " + ECR + localByo + " as local image " + localByo
                + " in a Docker container");
        assertThat(lines).contains("job byo-in-docker host algo-1 channels ['train'] region us-east-1 endpoint "
                + server.endpoint(), "epoch=2 loss=0.3333", "validation:accuracy 0.93");
        assertThat(logLines(server, "byo-as-process").getFirst()).startsWith("Sagebox: running " + ByoFixture.IMAGE
                + " as host process");
    }

    @Test
    void entrypointAndArguments_runAsInTheCloud_withTheContainerEnvironment() {
        sm.createTrainingJob(shJob(byo, "docker-entrypoint", "echo host=$(hostname) job=$TRAINING_JOB_NAME"
                + " sm=$(env | grep -c '^SM_') region=$AWS_REGION data=$(cat /opt/ml/input/data/train/data.csv"
                + " | wc -l) peers=$(grep -c 'algo-[12]$' /etc/hosts); (echo x >> /opt/ml/input/data/train/data.csv)"
                + " 2>/dev/null || echo input-read-only")
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(2).volumeSizeInGB(1)).build());
        DescribeTrainingJobResponse job = awaitEnd("docker-entrypoint");
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(logLines(server, "docker-entrypoint"))
                .contains("host=algo-1 job=docker-entrypoint sm=0 region=us-east-1 data=2 peers=2",
                        "input-read-only");
        // A file:// directory channel is a read-only bind mount of the user's directory, not a copy.
        assertThat(server.home().resolve("jobs/docker-entrypoint/algo-1/opt/ml/input/data/train")).isEmptyDirectory();
        assertThat(byo.data.resolve("data.csv")).hasContent("a,b\n1,2\n");

        sm.createTrainingJob(TrainingRequests.valid("docker-arguments", "acme/sh-algo:7")
                .algorithmSpecification(a -> a.trainingImage("acme/sh-algo:7").trainingInputMode("File")
                        .containerArguments("echo", "only", "arguments"))
                .inputDataConfig(byo.channel("train")).outputDataConfig(o -> o.s3OutputPath(byo.outputUri()))
                .build());
        DescribeTrainingJobResponse arguments = awaitEnd("docker-arguments");
        assertThat(arguments.trainingJobStatus()).as(arguments.failureReason())
                .isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(logLines(server, "docker-arguments")).contains("only arguments");
    }

    @Test
    void imageWithoutTrain_failsLikeTheCloud_withTheEnginesMessage() {
        sm.createTrainingJob(TrainingRequests.valid("docker-no-train", "acme/sh-algo:7")
                .inputDataConfig(byo.channel("train")).outputDataConfig(o -> o.s3OutputPath(byo.outputUri()))
                .build());
        DescribeTrainingJobResponse job = awaitEnd("docker-no-train");
        assertThat(job.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(job.failureReason()).startsWith("AlgorithmError: Sagebox: the container did not start:")
                .contains("train").endsWith(", exit code: 127");
    }

    @Test
    void gpuInstanceType_withoutNvidiaRuntime_runsOnCpu_withAWarningAtTheTopOfTheLog() {
        sm.createTrainingJob(shJob(byo, "docker-gpu", "echo visible=$NVIDIA_VISIBLE_DEVICES")
                .resourceConfig(r -> r.instanceType("ml.g5.xlarge").instanceCount(1).volumeSizeInGB(1)).build());
        DescribeTrainingJobResponse job = awaitEnd("docker-gpu");
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        List<String> lines = logLines(server, "docker-gpu");
        assertThat(lines.get(1)).startsWith("Sagebox: WARNING: this job asks for GPUs, but the Docker engine at ")
                .endsWith("running on CPU instead. Set sagebox.docker.requireGpus=true to fail such jobs.");
        assertThat(lines).contains("visible=");
    }
}
