package dev.sagebox.cloud;

import dev.sagebox.cli.SageboxCommand;
import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * Two Sageboxes for promotion tests, "local" and "cloud", both mapping the script-mode image to the test's python, a
 * stdlib script-mode job whose model is the hosting doubler (so an imported model can be served), and a way to run
 * the CLI in-process as a user would.
 */
final class PromoteFixture {
    static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1-cpu-py310";
    static final String DOUBLER = "123456789012.dkr.ecr.us-east-1.amazonaws.com/doubler:1.0";
    static final String ROLE = "arn:aws:iam::000000000000:role/SageMakerRole";
    static final String BUCKET = "sagebox-data";
    static final String TRAIN_PY = """
            import json, os, shutil
            rows = open(os.path.join(os.environ["SM_CHANNEL_TRAINING"], "train.csv")).read().split()
            print("rows=%d" % len(rows), flush=True)
            print("loss=0.25", flush=True)
            code = os.path.join(os.environ["SM_MODEL_DIR"], "code")
            os.makedirs(code, exist_ok=True)
            shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "inference.py"), code)
            with open(os.path.join(os.environ["SM_MODEL_DIR"], "weights.json"), "w") as f:
                json.dump({"w": int(os.environ.get("SM_HP_FACTOR", "2"))}, f)
            """;
    static final String INFERENCE_PY = """
            import json, os
            def model_fn(model_dir):
                with open(os.path.join(model_dir, "weights.json")) as f:
                    return json.load(f)
            def input_fn(body, content_type):
                return json.loads(body)
            def predict_fn(data, model):
                return [x * model["w"] for x in data]
            def output_fn(prediction, accept):
                return json.dumps({"predictions": prediction})
            """;

    static final MetricDefinition LOSS = MetricDefinition.builder().name("train:loss").regex("loss=([0-9\\.]+)")
            .build();

    private PromoteFixture() {
    }

    /** Starts a Sagebox whose process runtime runs the script-mode and doubler images with python3. */
    static TestServer server() throws Exception {
        return TestServer.start(Map.of(), PromoteFixture::mapImages);
    }

    static void mapImages(Path home) throws IOException {
        Files.writeString(home.resolve("process-images.json"), """
                {"images": [{"image": "*/pytorch-training:*", "python": "python3"},
                            {"image": "*/doubler:*", "python": "python3"}]}
                """);
    }

    /** The SDK's default credential chain reads these, as it would read a user's environment. */
    static void useTestCredentials() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    /** Uploads the source tarball and the channel (a CSV and {@code extraBytes} of random data) to {@code server}. */
    static void uploadInputs(TestServer server, Path work, String job, int extraBytes) throws IOException {
        Path source = Files.createDirectories(work.resolve("source"));
        Files.writeString(source.resolve("train.py"), TRAIN_PY);
        Files.writeString(source.resolve("inference.py"), INFERENCE_PY);
        Path tarball = work.resolve("sourcedir.tar.gz");
        TarGz.write(source, tarball);
        var s3 = server.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key(job + "/source/sourcedir.tar.gz"), RequestBody.fromFile(tarball));
        s3.putObject(b -> b.bucket(BUCKET).key("data/train/train.csv"), RequestBody.fromString("1,2\n3,4\n5,6\n"));
        byte[] blob = new byte[extraBytes];
        new Random(7).nextBytes(blob);
        s3.putObject(b -> b.bucket(BUCKET).key("data/train/blob.bin"), RequestBody.fromBytes(blob));
    }

    static CreateTrainingJobRequest job(String name) {
        return CreateTrainingJobRequest.builder().trainingJobName(name).roleArn(ROLE)
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("File")
                        .metricDefinitions(LOSS))
                .hyperParameters(Map.of("factor", "2", "sagemaker_program", "\"train.py\"",
                        "sagemaker_submit_directory", "\"s3://" + BUCKET + "/" + name + "/source/sourcedir.tar.gz\"",
                        "model_dir", "\"s3://" + BUCKET + "/" + name + "/model\""))
                .environment(Map.of("MODE", "promote-test"))
                .inputDataConfig(Channel.builder().channelName("training").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://" + BUCKET + "/data/train"))).build())
                .outputDataConfig(o -> o.s3OutputPath("s3://" + BUCKET + "/output"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(10))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600))
                .build();
    }

    static DescribeTrainingJobResponse awaitEnd(SageMakerClient sm, String name) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            DescribeTrainingJobResponse job = sm.describeTrainingJob(b -> b.trainingJobName(name));
            if (job.trainingJobStatus() == TrainingJobStatus.COMPLETED
                    || job.trainingJobStatus() == TrainingJobStatus.FAILED
                    || job.trainingJobStatus() == TrainingJobStatus.STOPPED || Instant.now().isAfter(deadline)) {
                return job;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    /**
     * Invokes with a JSON body until an answer comes. Seen on this shared machine: InService, then a 503 ("not
     * loaded yet", "no healthy instance") for the first calls while other JVMs also start model servers; a client
     * retries those, and so does this.
     */
    static String invokeJson(SageMakerRuntimeClient runtime, String endpoint, String json) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                return runtime.invokeEndpoint(b -> b.endpointName(endpoint).contentType("application/json")
                        .body(SdkBytes.fromString(json, StandardCharsets.UTF_8))).body().asUtf8String();
            } catch (SageMakerRuntimeException e) {
                if (System.nanoTime() > deadline || (e.statusCode() != 503 && e.statusCode() != 424)) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    /** The outcome of one CLI run: its exit code and everything it printed. */
    record Run(int exitCode, String output) {
    }

    static Run cli(String... args) {
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text, true);
        CommandLine command = new CommandLine(new SageboxCommand()).setOut(writer).setErr(writer);
        int code = command.execute(args);
        writer.flush();
        return new Run(code, text.toString());
    }

    /** The arguments that point a command at {@code local} and at {@code cloud} as its AWS. */
    static List<String> endpoints(TestServer local, TestServer cloud) {
        return new ArrayList<>(List.of("--region", "us-east-1", "--endpoint-url", cloud.endpoint().toString(),
                "--local-endpoint", local.endpoint().toString(), "--data-dir", local.home().toString()));
    }
}
