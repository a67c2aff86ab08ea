package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemaker.waiters.SageMakerWaiter;

/**
 * Real training runs of a stdlib-Python BYO algorithm with file:// channels and output, each scenario on both
 * runtimes (issue 4, parity): as a host process through the process image mapping, and in a Docker container of an
 * image that holds the same {@code train} on PATH. The server runs {@code sagebox.runtime=auto}, which picks Docker
 * exactly when the image is local, as users' jobs get it.
 */
class TrainingRunIT {
    private static TestServer server;
    private static SageMakerClient sm;
    private static ByoFixture byo;
    private static String dockerByo;

    /** Where a scenario runs; the Docker case skips without an engine (fails under SAGEBOX_REQUIRE_DOCKER=1). */
    enum Runtime {
        PROCESS, DOCKER;

        String image() {
            return this == PROCESS ? ByoFixture.IMAGE : DockerTrainingIT.ECR + dockerByo;
        }

        String job(String name) {
            return name + "-" + name().toLowerCase(Locale.ROOT);
        }

        /** Skips (or fails under SAGEBOX_REQUIRE_DOCKER=1) the Docker case when there is no engine. */
        void assume() {
            if (this == DOCKER) {
                TestImages.assumeAvailable(TestImages.PYTHON);
            }
        }

        String banner() {
            return this == PROCESS ? " as host process" : " in a Docker container";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sagebox.training.stopGraceSeconds", "5"));
        sm = server.sageMaker();
        byo = ByoFixture.create(server);
        if (TestImages.isAvailable(TestImages.PYTHON)) {
            try (InputStream train = TrainingRunIT.class.getResourceAsStream("/training/train")) {
                dockerByo = TestImages.derived("byo", TestImages.PYTHON, Map.of("/usr/local/bin/train",
                        train.readAllBytes()));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        sm.close();
        server.close();
        server.delete();
        byo.close();
    }

    private static CreateTrainingJobRequest.Builder job(Runtime runtime, String name, String mode) {
        runtime.assume();
        return TrainingRequests.valid(runtime.job(name), runtime.image())
                .hyperParameters(Map.of("epochs", "3", "mode", mode))
                .inputDataConfig(byo.channel("train"))
                .outputDataConfig(o -> o.s3OutputPath(byo.outputUri()));
    }

    private static DescribeTrainingJobResponse awaitStatus(Runtime runtime, String name, TrainingJobStatus... ends) {
        List<TrainingJobStatus> wanted = List.of(ends);
        return ByoFixture.awaitJob(sm, runtime.job(name), j -> wanted.contains(j.trainingJobStatus()));
    }

    private static Path model(Runtime runtime, String name) {
        return byo.output.resolve(runtime.job(name)).resolve("output/model.tar.gz");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void byoJob_runsToCompletedWithTransitionsMetricsArtifactsAndLogs(Runtime runtime) throws Exception {
        String name = runtime.job("byo-ok");
        sm.createTrainingJob(job(runtime, "byo-ok", "ok").algorithmSpecification(a -> a
                .trainingImage(runtime.image()).trainingInputMode("File").metricDefinitions(
                        MetricDefinition.builder().name("train:loss").regex("loss=(?P<train_loss>[0-9.]+)").build(),
                        MetricDefinition.builder().name("validation:accuracy").regex("accuracy ([0-9.]+)").build()))
                .build());
        SageMakerWaiter waiter = SageMakerWaiter.builder().client(sm).overrideConfiguration(
                WaiterOverrideConfiguration.builder().maxAttempts(300)
                        .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(200))).build()).build();
        DescribeTrainingJobResponse job = waiter.waitUntilTrainingJobCompletedOrStopped(b -> b.trainingJobName(
                name)).matched().response().orElseThrow();
        waiter.close();

        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(job.secondaryStatusTransitions()).extracting(t -> t.statusAsString() + ": " + t.statusMessage())
                .containsExactly("Starting: Preparing the instances for training",
                        "Downloading: Downloading input data",
                        "Training: Training image download completed. Training in progress.",
                        "Uploading: Uploading generated training model",
                        "Completed: Training job completed");
        assertThat(job.secondaryStatusTransitions()).allSatisfy(t -> assertThat(t.endTime()).isNotNull());
        assertThat(job.trainingStartTime()).isNotNull();
        assertThat(job.trainingEndTime()).isNotNull();
        assertThat(job.trainingTimeInSeconds()).isGreaterThanOrEqualTo(1);
        assertThat(job.finalMetricDataList()).extracting(m -> m.metricName() + "=" + m.value())
                .containsExactly("train:loss=0.3333", "validation:accuracy=0.93");

        Path model = model(runtime, "byo-ok");
        assertThat(job.modelArtifacts().s3ModelArtifacts()).isEqualTo("file://" + model);
        assertThat(ByoFixture.tarList(model))
                .containsExactlyInAnyOrder("model.txt", "algo-1.txt", "sub/", "sub/params.json");
        assertThat(ByoFixture.tarRead(model, "model.txt")).isEqualTo("A,B\n1,2\n");
        assertThat(ByoFixture.tarRead(model, "sub/params.json")).contains("\"epochs\": \"3\"");
        assertThat(ByoFixture.tarList(model.resolveSibling("output.tar.gz"))).containsExactly("report.txt");

        List<String> lines = DockerTrainingIT.logLines(server, name);
        assertThat(lines.getFirst()).startsWith("Sagebox: running " + runtime.image()).contains(runtime.banner());
        assertThat(lines).contains("job " + name + " host algo-1 channels ['train'] region us-east-1 endpoint "
                + server.endpoint(), "epoch=2 loss=0.3333");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void twoInstances_runOneWorkloadPerHostAndMergeTheirModels(Runtime runtime) throws Exception {
        sm.createTrainingJob(job(runtime, "byo-two", "ok")
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(2).volumeSizeInGB(1)).build());
        DescribeTrainingJobResponse job = awaitStatus(runtime, "byo-two", TrainingJobStatus.COMPLETED,
                TrainingJobStatus.FAILED);
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        Path model = model(runtime, "byo-two");
        assertThat(ByoFixture.tarList(model)).contains("algo-1.txt", "algo-2.txt", "model.txt");
        assertThat(ByoFixture.tarRead(model, "algo-2.txt")).isEqualTo("algo-1,algo-2");
        ByoFixture.awaitLogLine(server, runtime.job("byo-two"), "job " + runtime.job("byo-two")
                + " host algo-1 channels ['train'] region us-east-1 endpoint " + server.endpoint());
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void failureFile_becomesFailureReasonWithExitCode(Runtime runtime) {
        sm.createTrainingJob(job(runtime, "byo-failfile", "failfile").build());
        DescribeTrainingJobResponse job = awaitStatus(runtime, "byo-failfile", TrainingJobStatus.FAILED,
                TrainingJobStatus.COMPLETED);
        assertThat(job.failureReason()).isEqualTo(
                "AlgorithmError: bad hyperparameter: learning rate must be positive, exit code: 2");
        assertThat(job.secondaryStatusTransitions()).extracting(SecondaryStatusTransition::statusAsString)
                .endsWith("Uploading", "Failed");
        assertThat(job.secondaryStatusTransitions().getLast().statusMessage()).isEqualTo("Training job failed");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void nonZeroExit_withoutFailureFile_reportsLastOutputLines(Runtime runtime) {
        sm.createTrainingJob(job(runtime, "byo-exit", "exit").build());
        DescribeTrainingJobResponse job = awaitStatus(runtime, "byo-exit", TrainingJobStatus.FAILED,
                TrainingJobStatus.COMPLETED);
        assertThat(job.failureReason()).startsWith("AlgorithmError: ")
                .contains("Traceback: ValueError: broken").endsWith(", exit code: 3");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void stopTrainingJob_runningJob_termsItUploadsAndEndsStopped(Runtime runtime) throws Exception {
        String name = runtime.job("byo-stop");
        sm.createTrainingJob(job(runtime, "byo-stop", "sleep").build());
        // The program traps SIGTERM only once it says "sleeping"; stopping earlier would kill it untrapped.
        ByoFixture.awaitLogLine(server, name, "sleeping");
        sm.stopTrainingJob(b -> b.trainingJobName(name));
        DescribeTrainingJobResponse stopping = sm.describeTrainingJob(b -> b.trainingJobName(name));
        assertThat(stopping.trainingJobStatusAsString()).isIn("Stopping", "Stopped");
        DescribeTrainingJobResponse job = awaitStatus(runtime, "byo-stop", TrainingJobStatus.STOPPED,
                TrainingJobStatus.FAILED, TrainingJobStatus.COMPLETED);
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.STOPPED);
        assertThat(job.secondaryStatusTransitions()).extracting(SecondaryStatusTransition::statusAsString)
                .endsWith("Training", "Stopping", "Uploading", "Stopped");
        assertThat(job.secondaryStatusTransitions().getLast().statusMessage()).isEqualTo("Training job stopped");
        ByoFixture.awaitLogLine(server, name, "got SIGTERM, saving");
        assertThat(ByoFixture.tarRead(model(runtime, "byo-stop"), "partial.txt")).isEqualTo("partial");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void maxRuntime_exceeded_endsStoppedWithMaxRuntimeExceeded(Runtime runtime) {
        sm.createTrainingJob(job(runtime, "byo-timeout", "sleep").stoppingCondition(s -> s.maxRuntimeInSeconds(1))
                .build());
        DescribeTrainingJobResponse job = awaitStatus(runtime, "byo-timeout", TrainingJobStatus.STOPPED,
                TrainingJobStatus.FAILED, TrainingJobStatus.COMPLETED);
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.STOPPED);
        assertThat(job.secondaryStatusAsString()).isEqualTo("MaxRuntimeExceeded");
        assertThat(job.secondaryStatusTransitions().getLast().statusMessage())
                .isEqualTo("Training job runtime exceeded MaxRuntimeInSeconds provided");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void checkpointConfig_restoresBeforeStartAndUploadsAtExit(Runtime runtime) throws Exception {
        Path checkpoints = Files.createDirectories(byo.root.resolve(runtime.job("checkpoints")));
        Files.writeString(checkpoints.resolve("restored.txt"), "epoch 2");
        sm.createTrainingJob(job(runtime, "byo-ckpt", "ok")
                .checkpointConfig(c -> c.s3Uri("file://" + checkpoints)).build());
        DescribeTrainingJobResponse job = awaitStatus(runtime, "byo-ckpt", TrainingJobStatus.COMPLETED,
                TrainingJobStatus.FAILED);
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(Files.readString(checkpoints.resolve("epoch.txt"))).isEqualTo("epoch 3");
        ByoFixture.awaitLogLine(server, runtime.job("byo-ckpt"), "resumed from epoch 2");
        assertThat(job.checkpointConfig().s3Uri()).isEqualTo("file://" + checkpoints);
    }

    @Test
    void unmappedImage_failsFastWithClientError() {
        sm.createTrainingJob(TrainingRequests.valid("no-image", "nowhere/img:1")
                .inputDataConfig(byo.channel("train")).outputDataConfig(o -> o.s3OutputPath(byo.outputUri())).build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "no-image",
                j -> j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.failureReason()).isEqualTo("ClientError: Image nowhere/img:1 is not in the local cache; run "
                + "\"sagebox images pull nowhere/img:1\" while online, or map it to a local runtime");
    }
}
