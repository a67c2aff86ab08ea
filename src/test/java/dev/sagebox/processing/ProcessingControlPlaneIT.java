package dev.sagebox.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ListProcessingJobsResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobSummary;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3DataDistributionType;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3UploadMode;
import software.amazon.awssdk.services.sagemaker.model.ProcessingStoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SortBy;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** The processing control plane with job launching off, so every job stays exactly as the API left it. */
class ProcessingControlPlaneIT {
    private static final String IMAGE = "local/py-processing:1";
    private static TestServer server;
    private static SageMakerClient sm;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sagebox.training.launch", "false"));
        sm = server.sageMaker();
    }

    @AfterAll
    static void stop() throws Exception {
        sm.close();
        server.close();
        server.delete();
    }

    private static SageMakerException error(ThrowingSupplier<?> call) {
        try {
            call.get();
        } catch (SageMakerException e) {
            return e;
        } catch (Throwable e) {
            throw new AssertionError("expected a SageMakerException, got " + e, e);
        }
        throw new AssertionError("expected a SageMakerException");
    }

    @Test
    void createProcessingJob_invalidMembers_listsEveryErrorInAwsFormat() {
        SageMakerException e = error(() -> sm.createProcessingJob(ProcessingFixture.job("bad_name", IMAGE, "job.py")
                .roleArn(null)
                .processingResources(r -> r.clusterConfig(c -> c.instanceCount(0).instanceType("ml.m5.xlarge")
                        .volumeSizeInGB(10)))
                .processingOutputConfig(o -> o.outputs(ProcessingFixture.output("out", "/opt/ml/processing/out",
                        "out", null).toBuilder().s3Output(s -> s.s3Uri("s3://proc/out")
                        .localPath("/opt/ml/processing/out").s3UploadMode("Sometimes")).build()))
                .build()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("4 validation errors detected: "
                + "Value 'bad_name' at 'processingJobName' failed to satisfy constraint: Member must satisfy regular"
                + " expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}; "
                + "Value '0' at 'processingResources.clusterConfig.instanceCount' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 1; "
                + "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "
                + "Value 'Sometimes' at 'processingOutputConfig.outputs.1.member.s3Output.s3UploadMode' failed to"
                + " satisfy constraint: Member must satisfy enum value set: [Continuous, EndOfJob]");
    }

    @Test
    void createProcessingJob_localPathOutsideProcessingTreeOrDatasetDefinition_isValidationException() {
        assertThat(error(() -> sm.createProcessingJob(ProcessingFixture.job("bad-path", IMAGE, "job.py")
                .processingInputs(ProcessingFixture.input("raw", "raw/", "/data/raw",
                        ProcessingS3DataDistributionType.FULLY_REPLICATED)).build())).awsErrorDetails().errorMessage())
                .isEqualTo("ProcessingInput raw: LocalPath /data/raw must be a directory under /opt/ml/processing/");
        assertThat(error(() -> sm.createProcessingJob(ProcessingFixture.job("athena", IMAGE, "job.py")
                .processingInputs(ProcessingInput.builder().inputName("q").datasetDefinition(d -> d
                        .localPath("/opt/ml/processing/q")).build()).build())).awsErrorDetails().errorMessage())
                .startsWith("ProcessingInput q: DatasetDefinition is not supported by Sagebox");
    }

    @Test
    void createProcessingJob_returnsLowerCasedArn_andDuplicateIgnoringCaseIsResourceInUse() {
        String arn = sm.createProcessingJob(ProcessingFixture.job("Dup-Job", IMAGE, "job.py").build())
                .processingJobArn();
        assertThat(arn).isEqualTo("arn:aws:sagemaker:us-east-1:000000000000:processing-job/dup-job");

        SageMakerException e = error(() -> sm.createProcessingJob(ProcessingFixture.job("dup-JOB", IMAGE, "job.py")
                .build()));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceInUse");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Processing job names must be unique within an AWS"
                + " account and region, and a processing job with this name already exists (" + arn + ")");
    }

    @Test
    void describeProcessingJob_unknownName_isValidationExceptionTheWaitersKnow() {
        SageMakerException e = error(() -> sm.describeProcessingJob(b -> b.processingJobName("nope")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Could not find requested job with name nope");
        assertThat(error(() -> sm.stopProcessingJob(b -> b.processingJobName("nope"))).awsErrorDetails()
                .errorMessage()).isEqualTo("Could not find requested job with name nope");
    }

    @Test
    void describeProcessingJob_newJob_echoesTheRequestWithDefaults() {
        sm.createProcessingJob(ProcessingFixture.job("echo", IMAGE, "job.py", "a", "b")
                .stoppingCondition((ProcessingStoppingCondition) null)
                .environment(Map.of("MODE", "x"))
                .processingOutputConfig(o -> o.outputs(ProcessingFixture.output("out", "/opt/ml/processing/out",
                        "out", ProcessingS3UploadMode.CONTINUOUS)))
                .build());

        DescribeProcessingJobResponse job = sm.describeProcessingJob(b -> b.processingJobName("echo"));

        assertThat(job.processingJobStatus()).isEqualTo(ProcessingJobStatus.IN_PROGRESS);
        assertThat(job.processingJobArn()).endsWith(":processing-job/echo");
        assertThat(job.appSpecification().containerEntrypoint()).containsExactly("python3",
                ProcessingFixture.CODE_DIR + "/job.py");
        assertThat(job.appSpecification().containerArguments()).containsExactly("a", "b");
        assertThat(job.processingInputs()).singleElement().satisfies(i -> {
            assertThat(i.appManaged()).isFalse();
            assertThat(i.s3Input().s3InputModeAsString()).isEqualTo("File");
            assertThat(i.s3Input().s3DataDistributionTypeAsString()).isEqualTo("FullyReplicated");
            assertThat(i.s3Input().s3CompressionTypeAsString()).isEqualTo("None");
        });
        assertThat(job.processingOutputConfig().outputs()).singleElement()
                .satisfies(o -> assertThat(o.s3Output().s3UploadModeAsString()).isEqualTo("Continuous"));
        assertThat(job.stoppingCondition().maxRuntimeInSeconds()).isEqualTo(86400);
        assertThat(job.environment()).containsEntry("MODE", "x");
        assertThat(job.processingResources().clusterConfig().volumeSizeInGB()).isEqualTo(10);
        assertThat(job.creationTime()).isNotNull();
        assertThat(job.lastModifiedTime()).isNotNull();
        assertThat(job.processingStartTime()).isNull();
    }

    @Test
    void listProcessingJobs_filtersSortsAndPagesWithoutATokenOnTheLastPage() {
        for (String name : new String[] {"page-b", "page-a", "page-c"}) {
            sm.createProcessingJob(ProcessingFixture.job(name, IMAGE, "job.py").build());
        }

        ListProcessingJobsResponse first = sm.listProcessingJobs(b -> b.nameContains("PAGE-").sortBy(SortBy.NAME)
                .sortOrder(SortOrder.ASCENDING).maxResults(2));
        ListProcessingJobsResponse second = sm.listProcessingJobs(b -> b.nameContains("PAGE-").sortBy(SortBy.NAME)
                .sortOrder(SortOrder.ASCENDING).maxResults(2).nextToken(first.nextToken()));

        assertThat(first.processingJobSummaries()).extracting(ProcessingJobSummary::processingJobName)
                .containsExactly("page-a", "page-b");
        assertThat(first.nextToken()).isNotNull();
        assertThat(second.processingJobSummaries()).extracting(ProcessingJobSummary::processingJobName)
                .containsExactly("page-c");
        assertThat(second.nextToken()).isNull();
        assertThat(sm.listProcessingJobs(b -> b.nameContains("page-").statusEquals(ProcessingJobStatus.COMPLETED))
                .processingJobSummaries()).isEmpty();
        assertThat(sm.listProcessingJobs(b -> b.nameContains("page-")).processingJobSummaries())
                .extracting(ProcessingJobSummary::processingJobName).containsExactly("page-c", "page-a", "page-b");
    }

    @Test
    void stopProcessingJob_inProgress_stopsThenRefusesWithStatusInMessage() {
        sm.createProcessingJob(ProcessingFixture.job("to-stop", IMAGE, "job.py").build());

        sm.stopProcessingJob(b -> b.processingJobName("to-stop"));

        DescribeProcessingJobResponse job = sm.describeProcessingJob(b -> b.processingJobName("to-stop"));
        assertThat(job.processingJobStatus()).isEqualTo(ProcessingJobStatus.STOPPED);
        assertThat(job.processingEndTime()).isNotNull();
        assertThat(error(() -> sm.stopProcessingJob(b -> b.processingJobName("to-stop"))).awsErrorDetails()
                .errorMessage()).isEqualTo("The request was rejected because the processing job is in status"
                + " Stopped.");
    }

    @Test
    void tags_givenAtCreate_areListedByArn() {
        String arn = sm.createProcessingJob(ProcessingFixture.job("tagged", IMAGE, "job.py")
                .tags(Tag.builder().key("team").value("data").build()).build()).processingJobArn();

        assertThat(sm.listTags(b -> b.resourceArn(arn)).tags())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("team=data");
    }
}
