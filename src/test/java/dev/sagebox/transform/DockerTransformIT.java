package dev.sagebox.transform;

import static dev.sagebox.transform.TransformFixture.get;
import static dev.sagebox.transform.TransformFixture.job;
import static dev.sagebox.transform.TransformFixture.put;
import static dev.sagebox.transform.TransformFixture.run;
import static dev.sagebox.transform.TransformFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AssemblyType;
import software.amazon.awssdk.services.sagemaker.model.BatchStrategy;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TransformJobStatus;

/**
 * Batch transform with the model served as Docker containers (CONTRACTS §6.3, §8.1): the same serving program as the
 * process-runtime tests, in an image that honours {@code SAGEMAKER_BIND_TO_PORT}.
 */
class DockerTransformIT {
    private static TestServer server;
    private static SageMakerClient sm;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sm = server.sageMaker();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket(TransformFixture.BUCKET));
        if (TestImages.isAvailable(TestImages.PYTHON)) {
            String image = TestImages.derived("transform-serve", TestImages.PYTHON,
                    Map.of("/usr/local/bin/serve", TransformFixture.serveProgram()),
                    Map.of("com.amazonaws.sagemaker.capabilities.accept-bind-to-port", "true"));
            TransformFixture.createModel(sm, "docker-summer", image, Map.of());
            TransformFixture.createModel(sm, "docker-slow", image, Map.of("SLEEP_MS", "150"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @BeforeEach
    void requireDocker() {
        TestImages.assumeAvailable(TestImages.PYTHON);
    }

    @Test
    void dockerTransform_twoInstances_csvMultiRecord_matchesLocalComputation_containersRemoved() {
        String rows = TransformIT.csv(20_000, 7);
        put(s3, "docker/in/a.csv", rows.getBytes(StandardCharsets.UTF_8));
        put(s3, "docker/in/b.csv", rows.getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("docker-csv", "docker-summer", "docker/in", "docker/out",
                "text/csv", "Line"), j -> j.batchStrategy(BatchStrategy.MULTI_RECORD).maxPayloadInMB(1)
                .maxConcurrentTransforms(2).transformResources(r -> r.instanceType("ml.m5.large").instanceCount(2))
                .transformOutput(o -> o.s3OutputPath("s3://transform/docker/out").assembleWith(AssemblyType.LINE)));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(text(get(s3, "docker/out/a.csv.out"))).isEqualTo(TransformIT.sums(rows));
        assertThat(text(get(s3, "docker/out/b.csv.out"))).isEqualTo(TransformIT.sums(rows));
        assertThat(TestImages.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("sagebox.arn", d.transformJobArn())).exec()).isEmpty();
    }

    @Test
    void dockerTransform_maxConcurrentTransforms4_modelServerSeesFourInFlight() {
        put(s3, "docker-conc/in/rows.csv", TransformIT.csv(40, 8).getBytes(StandardCharsets.UTF_8));

        DescribeTransformJobResponse d = run(sm, job("docker-conc", "docker-slow", "docker-conc/in",
                "docker-conc/out", "text/csv", "Line"), j -> j.batchStrategy(BatchStrategy.SINGLE_RECORD)
                .maxConcurrentTransforms(4));

        assertThat(d.transformJobStatus()).as(d.failureReason()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(TransformFixture.logs(server.logs(), "docker-conc")).contains("peak in flight: 4")
                .doesNotContain("peak in flight: 5");
    }
}
