package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** Framework images mapped to a Python run in script mode: code from an S3 sourcedir.tar.gz, as the SDK sends it. */
class TrainingScriptModeIT {
    private static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1-cpu-py310";
    private static final String TRAIN_PY = """
            import argparse, os, sys
            parser = argparse.ArgumentParser()
            parser.add_argument("--epochs", type=int)
            parser.add_argument("--lr", type=float)
            parser.add_argument("--fail", default="no")
            args = parser.parse_args()
            if args.fail == "yes":
                print("about to fail", flush=True)
                raise SystemExit("ValueError: the data is bad")
            data = open(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "data.csv")).read().strip()
            for epoch in range(args.epochs):
                print("epoch %d loss=%.3f" % (epoch, 1.0 / (epoch + 1)), flush=True)
            with open(os.path.join(os.environ["SM_MODEL_DIR"], "model.txt"), "w") as f:
                f.write("%s|%s|%s" % (args.lr, data, os.environ["SM_CURRENT_HOST"]))
            """;

    private static TestServer server;
    private static SageMakerClient sm;
    private static S3Client s3;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sm = server.sageMaker();
        s3 = server.s3();
        work = Files.createTempDirectory("sagebox-scriptmode-it-");
        Path source = Files.createDirectories(work.resolve("source"));
        Files.writeString(source.resolve("train.py"), TRAIN_PY);
        Path tarball = work.resolve("sourcedir.tar.gz");
        TarGz.write(source, tarball);
        s3.createBucket(b -> b.bucket("bkt"));
        s3.putObject(b -> b.bucket("bkt").key("code/sourcedir.tar.gz"), RequestBody.fromFile(tarball));
        s3.putObject(b -> b.bucket("bkt").key("data/data.csv"), RequestBody.fromString("1,2"));
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "*/pytorch-training:*", "python": "python3"}]}
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        sm.close();
        s3.close();
        server.close();
        server.delete();
        TestFiles.deleteRecursively(work);
    }

    private static software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest request(String name,
                                                                                                   String fail) {
        return TrainingRequests.valid(name, IMAGE)
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("File").metricDefinitions(
                        MetricDefinition.builder().name("train:loss").regex("loss=([0-9.]+)").build()))
                .hyperParameters(Map.of("epochs", "2", "lr", "0.01", "fail", "\"" + fail + "\"",
                        "sagemaker_program", "\"train.py\"",
                        "sagemaker_submit_directory", "\"s3://bkt/code/sourcedir.tar.gz\"",
                        "sagemaker_region", "\"us-east-1\"", "sagemaker_container_log_level", "20"))
                .inputDataConfig(Channel.builder().channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://bkt/data"))).build())
                .outputDataConfig(o -> o.s3OutputPath("s3://bkt/output")).build();
    }

    @Test
    void scriptMode_runsEntryPointFromSubmitDirectoryWithHyperparametersAsArguments() throws Exception {
        sm.createTrainingJob(request("script-ok", "no"));
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "script-ok",
                j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                        || j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(job.finalMetricDataList()).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(0.5f));
        Path archive = work.resolve("script-ok.tar.gz");
        try (var in = s3.getObject(b -> b.bucket("bkt").key("output/script-ok/output/model.tar.gz"))) {
            Files.copy(in, archive);
        }
        assertThat(ByoFixture.tarRead(archive, "model.txt")).isEqualTo("0.01|1,2|algo-1");
    }

    @Test
    void scriptMode_failingScript_failsWithExitCodeOneAsInTheCloud() {
        sm.createTrainingJob(request("script-fail", "yes"));
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "script-fail",
                j -> j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.failureReason()).startsWith("AlgorithmError: ExecuteUserScriptError:")
                .contains("ValueError: the data is bad").endsWith(", exit code: 1");
    }
}
