package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * The scenario: a completed tf.keras script-mode job promoted to a second Sagebox, where it completes too.
 * Runs where the TensorFlow venv exists ({@code SAGEBOX_TF_PYTHON}, made by {@code .ci/python-venvs.sh}).
 */
class PromoteTensorFlowIT {
    private static final String IMAGE =
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.16-cpu-py310";
    private static final String JOB = "tf-promoted";
    private static final String BUCKET = "sagemaker-us-east-1-000000000000";
    private static final String TRAIN_PY = """
            import os
            import numpy as np
            import tensorflow as tf
            data = np.loadtxt(os.path.join(os.environ["SM_CHANNEL_TRAINING"], "train.csv"), delimiter=",",
                              dtype="float32")
            x, y = data[:, :-1], data[:, -1:]
            model = tf.keras.Sequential([tf.keras.Input(shape=(x.shape[1],)), tf.keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            history = model.fit(x, y, epochs=int(os.environ.get("SM_HP_EPOCHS", "1")), verbose=0)
            print("loss=%.6f" % history.history["loss"][-1], flush=True)
            model.save(os.path.join(os.environ["SM_MODEL_DIR"], "model.keras"))
            """;

    private static TestServer local;
    private static TestServer cloud;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        String python = System.getProperty("sagebox.tf.python", System.getenv("SAGEBOX_TF_PYTHON"));
        Assumptions.assumeTrue(python != null && !python.isBlank(), "no TensorFlow interpreter: set SAGEBOX_TF_PYTHON"
                + " (or -Dsagebox.tf.python) to the python that `bash .ci/python-venvs.sh` prints");
        PromoteFixture.useTestCredentials();
        TestServer.HomeSetup mapping = home -> Files.writeString(home.resolve("process-images.json"),
                "{\"images\": [{\"image\": \"*/tensorflow-training:*\", \"python\": \"" + python + "\"}]}");
        local = TestServer.start(Map.of(), mapping);
        cloud = TestServer.start(Map.of(), mapping);
        work = Files.createTempDirectory("sagebox-promote-tf-");
        Path source = Files.createDirectories(work.resolve("source"));
        Files.writeString(source.resolve("train.py"), TRAIN_PY);
        TarGz.write(source, work.resolve("sourcedir.tar.gz"));
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            csv.append(i % 7).append(',').append(i % 5).append(',').append(2 * (i % 7) - (i % 5)).append('\n');
        }
        try (S3Client s3 = local.s3(); SageMakerClient sm = local.sageMaker()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            s3.putObject(b -> b.bucket(BUCKET).key(JOB + "/source/sourcedir.tar.gz"),
                    RequestBody.fromFile(work.resolve("sourcedir.tar.gz")));
            s3.putObject(b -> b.bucket(BUCKET).key("tf-data/train.csv"), RequestBody.fromString(csv.toString()));
            sm.createTrainingJob(PromoteFixture.job(JOB).toBuilder()
                    .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("File")
                            .metricDefinitions(PromoteFixture.LOSS))
                    .hyperParameters(Map.of("epochs", "2", "sagemaker_program", "\"train.py\"",
                            "sagemaker_submit_directory",
                            "\"s3://" + BUCKET + "/" + JOB + "/source/sourcedir.tar.gz\""))
                    .inputDataConfig(Channel.builder().channelName("training").dataSource(d -> d.s3DataSource(s -> s
                            .s3DataType("S3Prefix").s3Uri("s3://" + BUCKET + "/tf-data"))).build())
                    .outputDataConfig(o -> o.s3OutputPath("s3://" + BUCKET)).build());
            DescribeTrainingJobResponse job = PromoteFixture.awaitEnd(sm, JOB);
            assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestServer server : new TestServer[] {local, cloud}) {
            if (server != null) {
                server.close();
                server.delete();
            }
        }
        if (work != null) {
            TestFiles.deleteRecursively(work);
        }
    }

    @Test
    void completedTensorFlowJob_promotedWithWait_completesOnTargetWithIdenticalInputs() {
        List<String> args = PromoteFixture.endpoints(local, cloud);
        args.addAll(0, List.of("promote", "training-job", JOB, "--role", PromoteFixture.ROLE, "--bucket", "tf-cloud",
                "--wait", "--poll-millis", "200"));
        try (S3Client s3 = cloud.s3()) {
            s3.createBucket(b -> b.bucket("tf-cloud"));
        }
        PromoteFixture.Run run = PromoteFixture.cli(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("loss=").contains("Training job " + JOB + ": Completed");
        try (S3Client from = local.s3(); S3Client to = cloud.s3(); SageMakerClient sm = cloud.sageMaker();
             SageMakerClient localSm = local.sageMaker()) {
            for (String key : List.of("tf-data/train.csv", JOB + "/source/sourcedir.tar.gz")) {
                assertThat(to.getObjectAsBytes(b -> b.bucket("tf-cloud").key(key)).asByteArray()).as(key)
                        .isEqualTo(from.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
            }
            DescribeTrainingJobResponse there = sm.describeTrainingJob(b -> b.trainingJobName(JOB));
            Map<String, String> expected = new HashMap<>(localSm.describeTrainingJob(b -> b.trainingJobName(JOB))
                    .hyperParameters());
            expected.replaceAll((k, v) -> v.replace("s3://" + BUCKET + "/", "s3://tf-cloud/"));
            assertThat(there.hyperParameters()).isEqualTo(expected);
            assertThat(there.inputDataConfig().getFirst().dataSource().s3DataSource().s3Uri())
                    .isEqualTo("s3://tf-cloud/tf-data");
            assertThat(there.finalMetricDataList()).singleElement()
                    .satisfies(m -> assertThat(m.metricName()).isEqualTo("train:loss"));
        }
    }
}
