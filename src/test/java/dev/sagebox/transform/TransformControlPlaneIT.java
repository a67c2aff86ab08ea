package dev.sagebox.transform;

import static dev.sagebox.transform.TransformFixture.IMAGE;
import static dev.sagebox.transform.TransformFixture.job;
import static dev.sagebox.transform.TransformFixture.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.BatchStrategy;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTransformJobsResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SortBy;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.TransformJobStatus;

/** Transform jobs' control plane (CONTRACTS §2, §8.1): errors as AWS words them, lists, stop, restart, boto3. */
class TransformControlPlaneIT {
    static TestServer server;
    static SageMakerClient sm;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sm = server.sageMaker();
        s3 = server.s3();
        TransformFixture.install(server);
        TransformFixture.createModel(sm, "summer", IMAGE, Map.of());
        TransformFixture.createModel(sm, "sleepy", IMAGE, Map.of("SLEEP_MS", "200"));
        put(s3, "cp/in/rows.csv", "1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        put(s3, "cp/slow/rows.csv", "1,2\n".repeat(500).getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @Test
    void createTransformJob_unknownModel_isValidationExceptionNamingTheModelArn() {
        assertThatThrownBy(() -> sm.createTransformJob(job("no-model", "nope", "cp/in", "cp/out", "text/csv", "Line")
                .build())).isInstanceOfSatisfying(SageMakerException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                            "Could not find model \"arn:aws:sagemaker:us-east-1:000000000000:model/nope\".");
                });
    }

    @Test
    void describeTransformJob_unknownName_isValidationException() {
        assertThatThrownBy(() -> sm.describeTransformJob(b -> b.transformJobName("missing-job")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Could not find requested job with name missing-job");
                });
    }

    @Test
    void createTransformJob_sameNameAnyCase_isResourceInUse_andMissingOutput_isValidationError() {
        sm.createTransformJob(job("dup-job", "summer", "cp/in", "cp/dup", "text/csv", "Line").build());
        assertThatThrownBy(() -> sm.createTransformJob(job("DUP-job", "summer", "cp/in", "cp/dup", "text/csv",
                "Line").build())).isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("transform job with this name already exists (arn:aws:sagemaker:us-east-1:"
                        + "000000000000:transform-job/dup-job)");
        assertThatThrownBy(() -> sm.createTransformJob(job("no-output", "summer", "cp/in", "x", "text/csv", "Line")
                .transformOutput((software.amazon.awssdk.services.sagemaker.model.TransformOutput) null).build()))
                .hasMessageContaining("1 validation error detected: Value null at 'transformOutput' failed to "
                        + "satisfy constraint: Member must not be null");
        assertThatThrownBy(() -> sm.createTransformJob(job("bad-filter", "summer", "cp/in", "x", "text/csv", "None")
                .dataProcessing(p -> p.inputFilter("$[1:]")).build()))
                .hasMessageContaining("DataProcessing needs TransformInput.SplitType Line");
        TransformFixture.await(sm, "dup-job");
    }

    @Test
    void listTransformJobs_filtersSortsAndPages_withoutTokenOnTheLastPage() {
        for (String name : List.of("list-b", "list-a", "list-c")) {
            sm.createTransformJob(job(name, "summer", "cp/in", "cp/" + name, "text/csv", "Line").build());
        }
        List.of("list-a", "list-b", "list-c").forEach(name -> TransformFixture.await(sm, name));

        ListTransformJobsResponse first = sm.listTransformJobs(b -> b.nameContains("LIST-").sortBy(SortBy.NAME)
                .sortOrder(SortOrder.ASCENDING).maxResults(2).statusEquals(TransformJobStatus.COMPLETED));
        assertThat(first.transformJobSummaries()).extracting(s -> s.transformJobName())
                .containsExactly("list-a", "list-b");
        ListTransformJobsResponse second = sm.listTransformJobs(b -> b.nameContains("list-").sortBy(SortBy.NAME)
                .sortOrder(SortOrder.ASCENDING).maxResults(2).nextToken(first.nextToken()));
        assertThat(second.transformJobSummaries()).extracting(s -> s.transformJobName()).containsExactly("list-c");
        assertThat(second.nextToken()).isNull();
        assertThat(sm.listTransformJobs(b -> b.statusEquals(TransformJobStatus.FAILED)).transformJobSummaries()
                .stream().filter(s -> s.transformJobName().startsWith("list-"))).isEmpty();
    }

    @Test
    void stopTransformJob_whileRunning_endsStopped_instancesRemoved_andStoppingAgainAFinishedJobFails()
            throws Exception {
        sm.createTransformJob(job("stop-me", "sleepy", "cp/slow", "cp/stopped", "text/csv", "Line")
                .batchStrategy(BatchStrategy.SINGLE_RECORD).build());
        awaitStarted("stop-me");

        sm.stopTransformJob(b -> b.transformJobName("stop-me"));
        assertThat(sm.describeTransformJob(b -> b.transformJobName("stop-me")).transformJobStatus())
                .isIn(TransformJobStatus.STOPPING, TransformJobStatus.STOPPED);
        DescribeTransformJobResponse d = TransformFixture.await(sm, "stop-me");

        assertThat(d.transformJobStatus()).isEqualTo(TransformJobStatus.STOPPED);
        assertThat(TransformFixture.exists(s3, "cp/stopped/rows.csv.out")).isFalse();
        try (Stream<java.nio.file.Path> left = Files.list(server.home().resolve("hosting/instances"))) {
            assertThat(left).isEmpty();
        }
        assertThatThrownBy(() -> sm.stopTransformJob(b -> b.transformJobName("stop-me")))
                .hasMessageContaining("The request was rejected because the transform job is in status Stopped.");
    }

    @Test
    void serverRestart_whileRunning_jobIsFailedSayingWhy_andRecordsKept() throws Exception {
        TestServer own = TestServer.start();
        try {
            TransformFixture.install(own);
            SageMakerClient client = own.sageMaker();
            TransformFixture.createModel(client, "sleepy", IMAGE, Map.of("SLEEP_MS", "200"));
            put(own.s3(), "slow/rows.csv", "1,2\n".repeat(200).getBytes(StandardCharsets.UTF_8));
            client.createTransformJob(job("interrupted", "sleepy", "slow", "out", "text/csv", "Line")
                    .batchStrategy(BatchStrategy.SINGLE_RECORD).build());
            awaitStarted(client, "interrupted");
            own.close();

            TestServer again = TestServer.startOn(own.home(), Map.of());
            try (SageMakerClient after = again.sageMaker()) {
                DescribeTransformJobResponse d = after.describeTransformJob(b -> b.transformJobName("interrupted"));
                assertThat(d.transformJobStatus()).isEqualTo(TransformJobStatus.FAILED);
                assertThat(d.failureReason()).startsWith("InternalServerError: Sagebox stopped while this job was "
                        + "running");
                assertThat(d.transformEndTime()).isNotNull();
            } finally {
                again.close();
            }
        } finally {
            own.delete();
        }
    }

    @Test
    void boto3_runsAJobWithItsWaiter() throws Exception {
        put(s3, "boto/in/rows.csv", "1,2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8));

        ClientScripts.Result result = ClientScripts.python(server.endpoint(), "transform_boto3.py", "boto-job",
                "summer", "s3://transform/boto/in", "s3://transform/boto/out").assertSuccess();

        JsonNode seen = new ObjectMapper().readTree(result.stdout());
        assertThat(seen.get("waited").asText()).isEqualTo("success");
        assertThat(seen.get("status").asText()).isEqualTo("Completed");
        assertThat(seen.get("output").asText()).isEqualTo("3\n7\n11\n");
        assertThat(seen.get("listed").get(0).asText()).isEqualTo("boto-job");
        assertThat(seen.get("missing").asText())
                .isEqualTo("ValidationException: Could not find requested job with name boto-job-missing");
        assertThat(seen.get("tags").toString()).isEqualTo("[{\"Key\":\"team\",\"Value\":\"ml\"}]");
        assertThat(seen.get("startBeforeEnd").asBoolean()).isTrue();
    }

    private static void awaitStarted(String name) throws InterruptedException {
        awaitStarted(sm, name);
    }

    /** Polls Describe until the containers answered (TransformStartTime is set), as a client would. */
    private static void awaitStarted(SageMakerClient client, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.describeTransformJob(b -> b.transformJobName(name)).transformStartTime() == null
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.describeTransformJob(b -> b.transformJobName(name)).transformStartTime()).isNotNull();
    }
}
