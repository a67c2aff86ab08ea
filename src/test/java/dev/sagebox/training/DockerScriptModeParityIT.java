package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * The same script-mode job (one framework image URI, one sourcedir.tar.gz in S3, one set of hyperparameters) on a
 * server with {@code sagebox.runtime=docker} and on one with {@code sagebox.runtime=process} (CONTRACTS §4.4, §5):
 * in Docker the URI is an alias of a test framework image whose {@code train} fetches the code from Sagebox's S3 and
 * runs Sagebox's own script-mode program; as a process the URI is mapped to {@code python3}.
 */
class DockerScriptModeParityIT {
    private static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1-cpu-py310";
    private static final String SCRIPT_MODE = "/dev/sagebox/scriptmode/";
    private static final List<String> PROGRAM_FILES = List.of("sagebox_script_mode.py", "sagebox_training_env.py",
            "sagebox_process.py", "sagebox_venv.py");
    private static final String TRAIN_PY = """
            import argparse, json, os
            parser = argparse.ArgumentParser()
            parser.add_argument("--epochs", type=int)
            parser.add_argument("--lr", type=float)
            parser.add_argument("--optimizer")
            args = parser.parse_args()
            data = open(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "data.csv")).read().strip()
            for epoch in range(args.epochs):
                print("epoch %d loss=%.3f" % (epoch, 1.0 / (epoch + 1)), flush=True)
            model = os.environ["SM_MODEL_DIR"]
            os.makedirs(os.path.join(model, "sub"), exist_ok=True)
            with open(os.path.join(model, "model.txt"), "w") as f:
                f.write("%s|%s|%s|%s" % (args.lr, args.optimizer, data, os.environ["SM_CURRENT_HOST"]))
            with open(os.path.join(model, "sub", "env.json"), "w") as f:
                json.dump({k: os.environ[k] for k in ("SM_HPS", "SM_USER_ARGS", "SM_CHANNELS", "SM_MODULE_DIR",
                           "SM_USER_ENTRY_POINT", "SM_HOSTS")}, f, sort_keys=True)
            """;

    private static Path work;
    private static Path tarball;
    private static String frameworkImage;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("sagebox-parity-");
        Path source = Files.createDirectories(work.resolve("source"));
        Files.writeString(source.resolve("train.py"), TRAIN_PY);
        tarball = work.resolve("sourcedir.tar.gz");
        TarGz.write(source, tarball);
        if (TestImages.isAvailable(TestImages.PYTHON)) {
            frameworkImage = TestImages.derived("framework", TestImages.PYTHON, frameworkFiles());
        }
    }

    @BeforeEach
    void requireDocker() {
        TestImages.assumeAvailable(TestImages.PYTHON);
    }

    @AfterAll
    static void stop() throws IOException {
        TestFiles.deleteRecursively(work);
    }

    /** The toolkit's place in a framework image: {@code train} on PATH, Sagebox's script-mode program beside it. */
    private static Map<String, byte[]> frameworkFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("/usr/local/bin/train", resource("/training/framework/train"));
        for (String file : PROGRAM_FILES) {
            files.put("/opt/sagebox/" + file, resource(SCRIPT_MODE + file));
        }
        return files;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DockerScriptModeParityIT.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static CreateTrainingJobRequest request(String name) {
        // What the SageMaker Python SDK's framework estimators send: JSON-encoded values, reserved sagemaker_* keys.
        return TrainingRequests.valid(name, IMAGE)
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("File").metricDefinitions(
                        MetricDefinition.builder().name("train:loss").regex("loss=([0-9.]+)").build()))
                .hyperParameters(Map.of("epochs", "3", "lr", "0.01", "optimizer", "\"adam\"",
                        "sagemaker_program", "\"train.py\"",
                        "sagemaker_submit_directory", "\"s3://bkt/code/sourcedir.tar.gz\"",
                        "sagemaker_region", "\"us-east-1\"", "sagemaker_container_log_level", "20",
                        "sagemaker_job_name", "\"" + name + "\""))
                .inputDataConfig(Channel.builder().channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://bkt/data"))).build())
                .outputDataConfig(o -> o.s3OutputPath("s3://bkt/output")).build();
    }

    /** One job on a fresh server in {@code runtime}; returns its Describe and its model.tar.gz, fetched over S3. */
    private static Run run(String runtime) throws Exception {
        TestServer server = TestServer.start(Map.of("sagebox.runtime", runtime,
                "sagebox.images", "*/pytorch-training:2.1-cpu-py310=" + frameworkImage),
                home -> Files.writeString(home.resolve("process-images.json"), """
                        {"images": [{"image": "*/pytorch-training:*", "python": "python3"}]}
                        """));
        try (SageMakerClient sm = server.sageMaker(); S3Client s3 = server.s3()) {
            s3.createBucket(b -> b.bucket("bkt"));
            s3.putObject(b -> b.bucket("bkt").key("code/sourcedir.tar.gz"), RequestBody.fromFile(tarball));
            s3.putObject(b -> b.bucket("bkt").key("data/data.csv"), RequestBody.fromString("1,2"));
            sm.createTrainingJob(request("script-parity"));
            DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "script-parity",
                    j -> j.trainingJobStatus() == TrainingJobStatus.COMPLETED
                            || j.trainingJobStatus() == TrainingJobStatus.FAILED);
            Path model = work.resolve(runtime + "-model.tar.gz");
            try (InputStream in = s3.getObject(b -> b.bucket("bkt").key("output/script-parity/output/model.tar.gz"))) {
                Files.copy(in, model);
            }
            return new Run(job, model, DockerTrainingIT.logLines(server, "script-parity"));
        } finally {
            server.close();
            server.delete();
        }
    }

    private record Run(DescribeTrainingJobResponse job, Path model, List<String> log) {
    }

    /** Entry name to content (directories as empty strings): the archive apart from timestamps and modes. */
    private static Map<String, String> contents(Path archive) throws IOException, InterruptedException {
        Map<String, String> entries = new TreeMap<>();
        for (String entry : ByoFixture.tarList(archive)) {
            entries.put(entry, entry.endsWith("/") ? "" : ByoFixture.tarRead(archive, entry));
        }
        return entries;
    }

    @Test
    void sameScriptModeJob_inAFrameworkContainerAndAsHostProcess_givesTheSameModelAndMetrics() throws Exception {
        Run docker = run("docker");
        Run process = run("process");
        assertThat(docker.job().trainingJobStatus()).as(docker.job().failureReason() + "\n" + docker.log())
                .isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(process.job().trainingJobStatus()).as(process.job().failureReason() + "\n" + process.log())
                .isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(docker.log().getFirst()).contains("in a Docker container");
        assertThat(process.log().getFirst()).contains("as host process");

        Map<String, String> model = contents(docker.model());
        assertThat(model).containsEntry("model.txt", "0.01|adam|1,2|algo-1").containsKey("sub/env.json")
                .isEqualTo(contents(process.model()));
        // No paths in the model: without bwrap the process runtime's paths carry the job root (CONTRACTS §4.4).
        assertThat(model.get("sub/env.json")).contains("\"SM_MODULE_DIR\": \"s3://bkt/code/sourcedir.tar.gz\"",
                "\"SM_USER_ARGS\": \"[\\\"--epochs\\\",\\\"3\\\",\\\"--lr\\\",\\\"0.01\\\",\\\"--optimizer\\\","
                        + "\\\"adam\\\"]\"");
        assertThat(docker.job().finalMetricDataList()).extracting(m -> m.metricName() + "=" + m.value())
                .containsExactly("train:loss=0.333")
                .isEqualTo(process.job().finalMetricDataList().stream().map(m -> m.metricName() + "=" + m.value())
                        .toList());
    }
}
