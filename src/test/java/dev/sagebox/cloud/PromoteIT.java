package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * {@code sagebox promote training-job} from one Sagebox to another that plays the cloud, reached only through
 * {@code --endpoint-url} and the SDK's default credential chain, as a user would reach any AWS-compatible endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PromoteIT {
    private static final String JOB = "promote-me";
    private static final String TARGET_BUCKET = "sagemaker-us-east-1-000000000000";

    private static TestServer local;
    private static TestServer cloud;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        PromoteFixture.useTestCredentials();
        local = PromoteFixture.server();
        cloud = PromoteFixture.server();
        work = Files.createTempDirectory("sagebox-promote-it-");
        PromoteFixture.uploadInputs(local, work, JOB, 6 * 1024 * 1024);
        try (SageMakerClient sm = local.sageMaker()) {
            sm.createTrainingJob(PromoteFixture.job(JOB));
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

    private static PromoteFixture.Run promote(String... extra) {
        List<String> args = PromoteFixture.endpoints(local, cloud);
        args.addAll(0, List.of("promote", "training-job", JOB));
        args.addAll(List.of("--poll-millis", "200", "--part-size-mib", "5"));
        args.addAll(List.of(extra));
        return PromoteFixture.cli(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void dryRun_printsObjectsSizesAndRequest_andWritesNothingOnTarget() {
        PromoteFixture.Run run = promote("--role", PromoteFixture.ROLE, "--dry-run");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("s3://sagebox-data/data/train/blob.bin -> s3://" + TARGET_BUCKET
                        + "/data/train/blob.bin  " + (6 * 1024 * 1024) + " bytes")
                .contains("s3://sagebox-data/" + JOB + "/source/sourcedir.tar.gz -> s3://" + TARGET_BUCKET)
                .contains("(will be created)").contains("CreateTrainingJob:")
                .contains("\"S3Uri\" : \"s3://" + TARGET_BUCKET + "/data/train\"");
        try (S3Client s3 = cloud.s3(); SageMakerClient sm = cloud.sageMaker()) {
            assertThat(s3.listBuckets().buckets()).isEmpty();
            assertThat(sm.listTrainingJobs(b -> { }).trainingJobSummaries()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void promote_copiesByteIdenticalInputs_rewritesUris_andTheJobCompletesOnTarget() {
        PromoteFixture.Run run = promote("--role", PromoteFixture.ROLE, "--wait");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("rows=3").contains("[" + JOB + "] InProgress - ")
                .contains("Training job " + JOB + ": Completed");
        try (S3Client from = local.s3(); S3Client to = cloud.s3(); SageMakerClient sm = cloud.sageMaker();
             SageMakerClient localSm = local.sageMaker()) {
            for (String key : List.of("data/train/train.csv", "data/train/blob.bin",
                    JOB + "/source/sourcedir.tar.gz")) {
                assertThat(to.getObjectAsBytes(b -> b.bucket(TARGET_BUCKET).key(key)).asByteArray()).as(key)
                        .isEqualTo(from.getObjectAsBytes(b -> b.bucket(PromoteFixture.BUCKET).key(key))
                                .asByteArray());
            }
            DescribeTrainingJobResponse there = sm.describeTrainingJob(b -> b.trainingJobName(JOB));
            DescribeTrainingJobResponse here = localSm.describeTrainingJob(b -> b.trainingJobName(JOB));
            assertThat(there.trainingJobStatus()).as(there.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
            Map<String, String> expected = new HashMap<>(here.hyperParameters());
            expected.replaceAll((k, v) -> v.replace("s3://" + PromoteFixture.BUCKET + "/",
                    "s3://" + TARGET_BUCKET + "/"));
            assertThat(there.hyperParameters()).isEqualTo(expected)
                    .containsEntry("sagemaker_submit_directory", "\"s3://" + TARGET_BUCKET + "/" + JOB
                            + "/source/sourcedir.tar.gz\"");
            assertThat(there.inputDataConfig().getFirst().dataSource().s3DataSource().s3Uri())
                    .isEqualTo("s3://" + TARGET_BUCKET + "/data/train");
            assertThat(there.outputDataConfig().s3OutputPath()).isEqualTo("s3://" + TARGET_BUCKET + "/output");
            assertThat(there.algorithmSpecification().trainingImage()).isEqualTo(PromoteFixture.IMAGE);
            assertThat(there.algorithmSpecification().metricDefinitions())
                    .isEqualTo(here.algorithmSpecification().metricDefinitions());
            assertThat(there.environment()).isEqualTo(here.environment());
            assertThat(there.stoppingCondition()).isEqualTo(here.stoppingCondition());
            assertThat(there.roleArn()).isEqualTo(PromoteFixture.ROLE);
        }
    }

    @Test
    @Order(3)
    void rerun_copiesZeroBytes() {
        PromoteFixture.Run run = promote("--role", PromoteFixture.ROLE, "--name", JOB + "-again");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Copy: copied 0 object(s), 0 bytes; skipped 3 already there");
    }

    @Test
    @Order(4)
    void unknownJob_isClearErrorAndNonZeroExit() {
        List<String> args = PromoteFixture.endpoints(local, cloud);
        args.addAll(0, List.of("promote", "training-job", "no-such-job", "--role", PromoteFixture.ROLE));
        PromoteFixture.Run run = PromoteFixture.cli(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("no training job named 'no-such-job' in the local Sagebox");
    }

    @Test
    @Order(5)
    void missingRole_isClearErrorBeforeAnyUpload() {
        PromoteFixture.Run run = promote("--name", "no-role", "--bucket", "never-made");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("pass --role <execution role ARN>");
    }

    @Test
    @Order(6)
    void bucketInAnotherRegion_isClearErrorBeforeAnyUpload() {
        try (S3Client s3 = cloud.s3()) {
            s3.createBucket(b -> b.bucket("far-away").createBucketConfiguration(c -> c.locationConstraint(
                    "eu-west-1")));
            PromoteFixture.Run run = promote("--role", PromoteFixture.ROLE, "--bucket", "far-away");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output()).contains("the target bucket far-away is in eu-west-1, not in us-east-1");
            assertThat(s3.listObjectsV2(b -> b.bucket("far-away")).contents()).isEmpty();
        }
    }

    @Test
    @Order(7)
    void imageBuiltLocally_withoutPushImage_isClearErrorBeforeAnyUpload() {
        try (SageMakerClient sm = local.sageMaker()) {
            sm.createTrainingJob(PromoteFixture.job("local-image").toBuilder()
                    .algorithmSpecification(a -> a.trainingImage("my/trainer:dev").trainingInputMode("File"))
                    .build());
        }
        List<String> args = PromoteFixture.endpoints(local, cloud);
        args.addAll(0, List.of("promote", "training-job", "local-image", "--role", PromoteFixture.ROLE,
                "--bucket", "never-made"));
        PromoteFixture.Run run = PromoteFixture.cli(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("the image 'my/trainer:dev' exists only on this machine")
                .contains("--push-image");
    }
}
