package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemaker.waiters.SageMakerWaiter;

/** Real training runs of a stdlib-Python BYO algorithm on the process runtime, with file:// channels and output. */
class TrainingRunIT {
    private static TestServer server;
    private static SageMakerClient sm;
    private static ByoFixture byo;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sagebox.training.stopGraceSeconds", "5"));
        sm = server.sageMaker();
        byo = ByoFixture.create(server);
    }

    @AfterAll
    static void stop() throws Exception {
        sm.close();
        server.close();
        server.delete();
        byo.close();
    }

    private static software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest.Builder job(
            String name, String mode) {
        return TrainingRequests.valid(name, ByoFixture.IMAGE)
                .hyperParameters(Map.of("epochs", "3", "mode", mode))
                .inputDataConfig(byo.channel("train"))
                .outputDataConfig(o -> o.s3OutputPath(byo.outputUri()));
    }

    @Test
    void byoJob_runsToCompletedWithTransitionsMetricsArtifactsAndLogs() throws Exception {
        sm.createTrainingJob(job("byo-ok", "ok").algorithmSpecification(a -> a.trainingImage(ByoFixture.IMAGE)
                .trainingInputMode("File").metricDefinitions(
                        MetricDefinition.builder().name("train:loss").regex("loss=(?P<train_loss>[0-9.]+)").build(),
                        MetricDefinition.builder().name("validation:accuracy").regex("accuracy ([0-9.]+)").build()))
                .build());
        SageMakerWaiter waiter = SageMakerWaiter.builder().client(sm).overrideConfiguration(
                WaiterOverrideConfiguration.builder().maxAttempts(300)
                        .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(200))).build()).build();
        DescribeTrainingJobResponse job = waiter.waitUntilTrainingJobCompletedOrStopped(b -> b.trainingJobName(
                "byo-ok")).matched().response().orElseThrow();
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

        Path model = Path.of(byo.output.toString(), "byo-ok", "output", "model.tar.gz");
        assertThat(job.modelArtifacts().s3ModelArtifacts()).isEqualTo("file://" + model);
        assertThat(ByoFixture.tarList(model)).containsExactlyInAnyOrder("model.txt", "algo-1.txt", "sub/", "sub/params.json");
        assertThat(ByoFixture.tarRead(model, "model.txt")).isEqualTo("A,B\n1,2\n");
        assertThat(ByoFixture.tarRead(model, "sub/params.json")).contains("\"epochs\": \"3\"");
        Path output = model.resolveSibling("output.tar.gz");
        assertThat(ByoFixture.tarList(output)).containsExactly("report.txt");

        try (CloudWatchLogsClient logs = server.logs()) {
            String stream = logs.describeLogStreams(b -> b.logGroupName("/aws/sagemaker/TrainingJobs")
                    .logStreamNamePrefix("byo-ok/algo-1-")).logStreams().getFirst().logStreamName();
            assertThat(stream).matches("byo-ok/algo-1-\\d{10}");
            assertThat(logs.getLogEvents(b -> b.logGroupName("/aws/sagemaker/TrainingJobs").logStreamName(stream)
                    .startFromHead(true)).events()).extracting(OutputLogEvent::message)
                    .anySatisfy(m -> assertThat(m).startsWith("Sagebox: running"))
                    .contains("job byo-ok host algo-1 channels ['train'] region us-east-1 endpoint "
                            + server.endpoint())
                    .contains("epoch=2 loss=0.3333");
        }
    }

    @Test
    void twoInstances_runOneProcessPerHostAndMergeTheirModels() throws Exception {
        sm.createTrainingJob(job("byo-two", "ok")
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(2).volumeSizeInGB(1)).build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "byo-two",
                j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                        || j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        Path model = Path.of(byo.output.toString(), "byo-two", "output", "model.tar.gz");
        assertThat(ByoFixture.tarList(model)).contains("algo-1.txt", "algo-2.txt", "model.txt");
        assertThat(ByoFixture.tarRead(model, "algo-2.txt")).isEqualTo("algo-1,algo-2");
        ByoFixture.awaitLogLine(server, "byo-two", "job byo-two host algo-1 channels ['train'] region us-east-1 "
                + "endpoint " + server.endpoint());
    }

    @Test
    void failureFile_becomesFailureReasonWithExitCode() {
        sm.createTrainingJob(job("byo-failfile", "failfile").build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "byo-failfile",
                j -> j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.failureReason()).isEqualTo(
                "AlgorithmError: bad hyperparameter: learning rate must be positive, exit code: 2");
        assertThat(job.secondaryStatusTransitions()).extracting(SecondaryStatusTransition::statusAsString)
                .endsWith("Uploading", "Failed");
        assertThat(job.secondaryStatusTransitions().getLast().statusMessage()).isEqualTo("Training job failed");
    }

    @Test
    void nonZeroExit_withoutFailureFile_reportsLastOutputLines() {
        sm.createTrainingJob(job("byo-exit", "exit").build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "byo-exit",
                j -> j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.failureReason()).startsWith("AlgorithmError: ")
                .contains("Traceback: ValueError: broken").endsWith(", exit code: 3");
    }

    @Test
    void stopTrainingJob_runningJob_termsItUploadsAndEndsStopped() throws Exception {
        sm.createTrainingJob(job("byo-stop", "sleep").build());
        // The program traps SIGTERM only once it says "sleeping"; stopping earlier would kill it untrapped.
        ByoFixture.awaitLogLine(server, "byo-stop", "sleeping");
        sm.stopTrainingJob(b -> b.trainingJobName("byo-stop"));
        DescribeTrainingJobResponse stopping = sm.describeTrainingJob(b -> b.trainingJobName("byo-stop"));
        assertThat(stopping.trainingJobStatusAsString()).isIn("Stopping", "Stopped");
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "byo-stop",
                j -> j.trainingJobStatus() == TrainingJobStatus.STOPPED);
        assertThat(job.secondaryStatusTransitions()).extracting(SecondaryStatusTransition::statusAsString)
                .endsWith("Training", "Stopping", "Uploading", "Stopped");
        assertThat(job.secondaryStatusTransitions().getLast().statusMessage()).isEqualTo("Training job stopped");
        Path model = Path.of(byo.output.toString(), "byo-stop", "output", "model.tar.gz");
        assertThat(ByoFixture.tarRead(model, "partial.txt")).isEqualTo("partial");
    }

    @Test
    void maxRuntime_exceeded_endsStoppedWithMaxRuntimeExceeded() {
        sm.createTrainingJob(job("byo-timeout", "sleep").stoppingCondition(s -> s.maxRuntimeInSeconds(1)).build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "byo-timeout",
                j -> j.trainingJobStatus() == TrainingJobStatus.STOPPED);
        assertThat(job.secondaryStatusAsString()).isEqualTo("MaxRuntimeExceeded");
        assertThat(job.secondaryStatusTransitions().getLast().statusMessage())
                .isEqualTo("Training job runtime exceeded MaxRuntimeInSeconds provided");
    }

    @Test
    void checkpointConfig_restoresBeforeStartAndUploadsAtExit() throws Exception {
        Path checkpoints = byo.root.resolve("checkpoints");
        Files.createDirectories(checkpoints);
        Files.writeString(checkpoints.resolve("restored.txt"), "epoch 2");
        sm.createTrainingJob(job("byo-ckpt", "ok")
                .checkpointConfig(c -> c.s3Uri("file://" + checkpoints)).build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "byo-ckpt",
                j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                        || j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(Files.readString(checkpoints.resolve("epoch.txt"))).isEqualTo("epoch 3");
        ByoFixture.awaitLogLine(server, "byo-ckpt", "resumed from epoch 2");
        assertThat(job.checkpointConfig().s3Uri()).isEqualTo("file://" + checkpoints);
    }

    @Test
    void unmappedImage_failsFastWithClientError() {
        sm.createTrainingJob(job("no-image", "ok").algorithmSpecification(a -> a.trainingImage("nowhere/img:1")
                .trainingInputMode("File")).build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "no-image",
                j -> j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.failureReason()).isEqualTo("ClientError: Image nowhere/img:1 is not in the local cache; run "
                + "\"sagebox images pull nowhere/img:1\" while online, or map it to a local runtime");
    }
}
