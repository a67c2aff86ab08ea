package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * The flagship scenario: a tf.keras script in script mode, its code uploaded as the SageMaker Python SDK uploads it,
 * run by the TensorFlow training image mapped to a venv with tensorflow-cpu ({@code .ci/python-venvs.sh} makes it).
 */
class TrainingTensorFlowIT {
    private static final String IMAGE =
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.16-cpu-py310";
    private static final String JOB = "tf-keras-flagship";
    private static final String TRAIN_PY = """
            import argparse, os
            import numpy as np
            import tensorflow as tf

            parser = argparse.ArgumentParser()
            parser.add_argument("--epochs", type=int, default=1)
            parser.add_argument("--model_dir")  # the TensorFlow estimator passes it; SM_MODEL_DIR is where to save
            args, _ = parser.parse_known_args()

            data = np.loadtxt(os.path.join(os.environ["SM_CHANNEL_TRAINING"], "train.csv"), delimiter=",",
                              dtype="float32")
            x, y = data[:, :-1], data[:, -1:]
            model = tf.keras.Sequential([tf.keras.Input(shape=(x.shape[1],)), tf.keras.layers.Dense(4, activation="relu"),
                                         tf.keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")

            class PrintLoss(tf.keras.callbacks.Callback):
                def on_epoch_end(self, epoch, logs=None):
                    print("epoch=%d loss=%.6f" % (epoch, logs["loss"]), flush=True)

            model.fit(x, y, epochs=args.epochs, batch_size=16, verbose=0, callbacks=[PrintLoss()])
            export = os.path.join(os.environ["SM_MODEL_DIR"], "1")
            if hasattr(model, "export"):
                model.export(export)  # Keras 3: a SavedModel for TF Serving
            else:
                tf.saved_model.save(model, export)
            print("saved model to " + export, flush=True)
            """;

    private static TestServer server;
    private static SageMakerClient sm;
    private static S3Client s3;
    private static Path work;
    private static String python;

    @BeforeAll
    static void start() throws Exception {
        python = System.getProperty("sagebox.tf.python", System.getenv("SAGEBOX_TF_PYTHON"));
        Assumptions.assumeTrue(python != null && !python.isBlank(), "no TensorFlow interpreter: set SAGEBOX_TF_PYTHON"
                + " (or -Dsagebox.tf.python) to the python that `bash .ci/python-venvs.sh` prints");
        server = TestServer.start();
        sm = server.sageMaker();
        s3 = server.s3();
        work = Files.createTempDirectory("sagebox-tf-it-");
        Path source = Files.createDirectories(work.resolve("source"));
        Files.writeString(source.resolve("train.py"), TRAIN_PY);
        // As the SDK does: a tar.gz of the source dir, at s3://<bucket>/<job>/source/sourcedir.tar.gz.
        Path tarball = work.resolve("sourcedir.tar.gz");
        TarGz.write(source, tarball);
        s3.createBucket(b -> b.bucket("sagemaker-us-east-1-000000000000"));
        s3.putObject(b -> b.bucket("sagemaker-us-east-1-000000000000").key(JOB + "/source/sourcedir.tar.gz"),
                RequestBody.fromFile(tarball));
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            csv.append(i % 7).append(',').append(i % 5).append(',').append(2 * (i % 7) - (i % 5)).append('\n');
        }
        s3.putObject(b -> b.bucket("sagemaker-us-east-1-000000000000").key("data/train.csv"),
                RequestBody.fromString(csv.toString()));
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "*/tensorflow-training:*", "python": "%s"},
                            {"image": "*/tensorflow-inference:*", "python": "%s"}]}
                """.formatted(python, python));
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
        TestFiles.deleteRecursively(work);
    }

    @Test
    void tensorflowScriptMode_trainsKerasModel_thenServesItFromItsModelTarGz() throws Exception {
        String bucket = "sagemaker-us-east-1-000000000000";
        sm.createTrainingJob(TrainingRequests.valid(JOB, IMAGE)
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("File").metricDefinitions(
                        MetricDefinition.builder().name("train:loss").regex("loss=([0-9\\.]+)").build()))
                .hyperParameters(Map.of("epochs", "2", "model_dir", "\"s3://" + bucket + "/" + JOB + "/model\"",
                        "sagemaker_program", "\"train.py\"",
                        "sagemaker_submit_directory", "\"s3://" + bucket + "/" + JOB + "/source/sourcedir.tar.gz\"",
                        "sagemaker_region", "\"us-east-1\"", "sagemaker_container_log_level", "20",
                        "sagemaker_job_name", "\"" + JOB + "\""))
                .inputDataConfig(Channel.builder().channelName("training").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://" + bucket + "/data"))).build())
                .outputDataConfig(o -> o.s3OutputPath("s3://" + bucket)).build());
        DescribeTrainingJobResponse job = awaitEnd();
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(job.finalMetricDataList()).singleElement().satisfies(m -> {
            assertThat(m.metricName()).isEqualTo("train:loss");
            assertThat(m.value()).isFinite().isNotNegative();
        });
        Path archive = work.resolve("model.tar.gz");
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(JOB + "/output/model.tar.gz"))) {
            Files.copy(in, archive);
        }
        List<String> entries = ByoFixture.tarList(archive);
        assertThat(entries).contains("1/saved_model.pb").anyMatch(e -> e.startsWith("1/variables/"));
        assertThat(TrainingSandboxIT.logLines(server, JOB)).anyMatch(l -> l.startsWith("epoch=1 loss="))
                .anyMatch(l -> l.startsWith("saved model to ") && l.endsWith("/opt/ml/model/1"));

        servesTheTrainedModel_withTfServingJson(job.modelArtifacts().s3ModelArtifacts());
    }

    /** The same model.tar.gz, deployed as the SDK's TensorFlowModel.deploy() would, answers TF Serving's JSON. */
    private static void servesTheTrainedModel_withTfServingJson(String modelData) {
        String image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-inference:2.16-cpu";
        sm.createModel(b -> b.modelName(JOB).executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .primaryContainer(c -> c.image(image).modelDataUrl(modelData)));
        sm.createEndpointConfig(b -> b.endpointConfigName(JOB).productionVariants(
                software.amazon.awssdk.services.sagemaker.model.ProductionVariant.builder().variantName("AllTraffic")
                        .modelName(JOB).initialInstanceCount(1).instanceType("ml.m5.large").build()));
        sm.createEndpoint(b -> b.endpointName(JOB).endpointConfigName(JOB));
        try {
            sm.waiter().waitUntilEndpointInService(b -> b.endpointName(JOB), w -> w.maxAttempts(600)
                    .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(
                            Duration.ofMillis(250))));
        } catch (software.amazon.awssdk.core.exception.SdkClientException failed) {
            throw new AssertionError("endpoint did not come up: "
                    + sm.describeEndpoint(b -> b.endpointName(JOB)).failureReason(), failed);
        }
        try (var runtime = server.sageMakerRuntime()) {
            String answer = runtime.invokeEndpoint(b -> b.endpointName(JOB).contentType("application/json")
                    .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"instances\": [[1, 2], [3, 4]]}")))
                    .body().asUtf8String();
            var predictions = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer).path("predictions");
            assertThat(predictions.size()).as(answer).isEqualTo(2);
            assertThat(predictions.get(0).get(0).isNumber()).as(answer).isTrue();
        } catch (java.io.IOException e) {
            throw new AssertionError("the endpoint did not answer JSON", e);
        }
        sm.deleteEndpoint(b -> b.endpointName(JOB));
        sm.waiter().waitUntilEndpointDeleted(b -> b.endpointName(JOB), w -> w.maxAttempts(600)
                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(
                        Duration.ofMillis(250))));
    }

    private static DescribeTrainingJobResponse awaitEnd() {
        // TensorFlow imports in seconds, but a loaded CI machine may take much longer.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        DescribeTrainingJobResponse job;
        do {
            job = sm.describeTrainingJob(b -> b.trainingJobName(JOB));
            if (job.trainingJobStatus() == TrainingJobStatus.COMPLETED
                    || job.trainingJobStatus() == TrainingJobStatus.FAILED) {
                return job;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        } while (System.nanoTime() < deadline);
        throw new AssertionError("TensorFlow job did not end within 5 minutes; last seen " + job);
    }
}
