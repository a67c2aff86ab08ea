package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static dev.sagebox.hosting.HostingFixture.variant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The whole loop from a real training job: script mode fits a line and writes model.tar.gz, CreateModel serves it,
 * UpdateEndpoint moves to a second job's model under continuous load with no failed call, and the endpoint is
 * deleted. Once with the Java SDK (waiters included), once with boto3.
 */
class HostingFromTrainingIT {
    /** A framework image: script mode for training, Sagebox's model server for serving, as on the process runtime. */
    static final String IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";

    private static TestServer server;
    private static SageMakerClient sm;
    private static SageMakerRuntimeClient runtime;
    private static Path script;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        HostingFixture.install(server);
        sm = server.sageMaker();
        runtime = server.sageMakerRuntime();
        Path mapping = server.home().resolve("process-images.json");
        Files.writeString(mapping, Files.readString(mapping).replace("\"images\": [",
                "\"images\": [\n  {\"image\": \"*/sagemaker-scikit-learn:*\", \"python\": \"python3\"},"));
        script = Path.of("src/test/resources/hosting/linear_train.py").toAbsolutePath();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @Test
    void javaSdk_trainDeployUpdateUnderLoadDelete() throws Exception {
        Path source = Files.createDirectories(server.home().resolve("fixture/source"));
        Files.copy(script, source.resolve("train.py"));
        Path tarball = server.home().resolve("fixture/sourcedir.tar.gz");
        TarGz.write(source, tarball);
        server.s3().createBucket(b -> b.bucket("loop"));
        server.s3().putObject(b -> b.bucket("loop").key("code/sourcedir.tar.gz"), RequestBody.fromFile(tarball));
        server.s3().putObject(b -> b.bucket("loop").key("data-1/data.csv"), RequestBody.fromString("1,2\n2,4\n3,6\n"));
        server.s3().putObject(b -> b.bucket("loop").key("data-2/data.csv"),
                RequestBody.fromString("1,4\n2,7\n3,10\n"));

        String first = train("loop-1", "data-1");
        assertThat(first).isEqualTo("s3://loop/output/loop-1/output/model.tar.gz");
        modelAndConfig("loop-1", first);
        sm.createEndpoint(b -> b.endpointName("loop").endpointConfigName("loop-1"));
        assertInService(awaitSettled(sm, "loop"));
        assertThat(predict()).isEqualTo("{\"predictions\": [8.0]}");

        modelAndConfig("loop-2", train("loop-2", "data-2"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<String> answers = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> load = List.of(loadUntil(running, calls, failure, answers),
                loadUntil(running, calls, failure, answers));
        sm.updateEndpoint(b -> b.endpointName("loop").endpointConfigName("loop-2"));
        DescribeEndpointResponse settled = awaitSettled(sm, "loop");
        String after = predict();
        running.set(false);
        load.forEach(CompletableFuture::join);

        assertThat(failure.get()).isNull();
        assertThat(calls.get()).isPositive();
        assertInService(settled);
        assertThat(settled.endpointConfigName()).isEqualTo("loop-2");
        assertThat(after).isEqualTo("{\"predictions\": [13.0]}");
        assertThat(answers).isSubsetOf("{\"predictions\": [8.0]}", "{\"predictions\": [13.0]}");

        sm.deleteEndpoint(b -> b.endpointName("loop"));
        sm.waiter().waitUntilEndpointDeleted(HostingFixture.describeRequest("loop"), HostingFixture.fastPolling());
        assertThat(sm.listEndpoints(b -> b.nameContains("loop")).endpoints()).isEmpty();
    }

    @Test
    void boto3_trainDeployUpdateUnderLoadDelete() {
        String out = ClientScripts.python(server.endpoint(), "hosting_from_training_boto3.py", IMAGE,
                script.toString()).assertSuccess().stdout();

        assertThat(out.lines()).containsExactly(
                "artifacts s3://boto-loop/output/boto-loop-1/output/model.tar.gz",
                "prediction 8.0",
                "update failures 0 [] busy True answers [8.0, 13.0]",
                "after update 13.0 boto-loop-2",
                "deleted 0");
    }

    private static String predict() {
        return HostingFixture.invokeJson(runtime, "loop", "[4]");
    }

    private static CompletableFuture<Void> loadUntil(AtomicBoolean running, AtomicInteger calls,
                                                     AtomicReference<Throwable> failure, Set<String> answers) {
        return CompletableFuture.runAsync(() -> {
            while (running.get() && failure.get() == null) {
                try {
                    answers.add(predict());
                    calls.incrementAndGet();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }
        });
    }

    /** A script-mode job as the SageMaker Python SDK sends it; returns its model.tar.gz. */
    private static String train(String name, String data) {
        sm.createTrainingJob(b -> b.trainingJobName(name).roleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("File"))
                .hyperParameters(Map.of("digits", "6", "sagemaker_program", "\"train.py\"",
                        "sagemaker_submit_directory", "\"s3://loop/code/sourcedir.tar.gz\"",
                        "sagemaker_region", "\"us-east-1\""))
                .inputDataConfig(Channel.builder().channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://loop/" + data))).build())
                .outputDataConfig(o -> o.s3OutputPath("s3://loop/output"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
        sm.waiter().waitUntilTrainingJobCompletedOrStopped(b -> b.trainingJobName(name),
                o -> o.maxAttempts(600).backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(200))));
        DescribeTrainingJobResponse job = sm.describeTrainingJob(b -> b.trainingJobName(name));
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        return job.modelArtifacts().s3ModelArtifacts();
    }

    private static void modelAndConfig(String name, String artifacts) {
        HostingFixture.createModel(sm, name, IMAGE, artifacts);
        HostingFixture.createConfig(sm, name, variant("AllTraffic", name, 1, 1f));
    }
}
