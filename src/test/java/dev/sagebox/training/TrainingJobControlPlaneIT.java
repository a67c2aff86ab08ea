package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** The training control plane with job launching off, so every job stays exactly as the API left it. */
class TrainingJobControlPlaneIT {
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

    @Test
    void createTrainingJob_invalidMembers_listsEveryErrorInAwsFormat() {
        assertThatThrownBy(() -> sm.createTrainingJob(TrainingRequests.valid("bad_name")
                .roleArn(null)
                .algorithmSpecification(AlgorithmSpecification.builder().trainingImage("img")
                        .trainingInputMode("Stream").build())
                .inputDataConfig(Channel.builder().channelName("tr ain").build())
                .build()))
                .isInstanceOf(SageMakerException.class)
                .satisfies(e -> {
                    SageMakerException error = (SageMakerException) e;
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("5 validation errors detected: "
                            + "Value 'bad_name' at 'trainingJobName' failed to satisfy constraint: Member must "
                            + "satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}; "
                            + "Value 'Stream' at 'algorithmSpecification.trainingInputMode' failed to satisfy "
                            + "constraint: Member must satisfy enum value set: [Pipe, File, FastFile]; "
                            + "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "
                            + "Value 'tr ain' at 'inputDataConfig.1.member.channelName' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: [A-Za-z0-9\\.\\-_]+; "
                            + "Value null at 'inputDataConfig.1.member.dataSource' failed to satisfy constraint: "
                            + "Member must not be null");
                });
    }

    @Test
    void createTrainingJob_longNameAndBadInstanceType_reportLengthAndType() {
        String name = "a".repeat(64);
        assertThatThrownBy(() -> sm.createTrainingJob(TrainingRequests.valid(name)
                .resourceConfig(b -> b.instanceType("m5.large").instanceCount(1).volumeSizeInGB(5)).build()))
                .hasMessageStartingWith("3 validation errors detected: Value '" + name + "' at 'trainingJobName' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 63; ")
                .hasMessageContaining("Value 'm5.large' at 'resourceConfig.instanceType' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [ml.*, local, local_gpu]");
    }

    @Test
    void createTrainingJob_localInstanceTypes_areAccepted() {
        sm.createTrainingJob(TrainingRequests.valid("local-type")
                .resourceConfig(b -> b.instanceType("local").instanceCount(1).volumeSizeInGB(1)).build());
        sm.createTrainingJob(TrainingRequests.valid("local-gpu-type")
                .resourceConfig(b -> b.instanceType("local_gpu").instanceCount(1).volumeSizeInGB(1)).build());
        assertThat(sm.describeTrainingJob(b -> b.trainingJobName("local-gpu-type")).resourceConfig()
                .instanceTypeAsString()).isEqualTo("local_gpu");
    }

    @Test
    void createTrainingJob_returnsLowerCasedArn_andDuplicateIgnoringCaseIsResourceInUse() {
        String arn = sm.createTrainingJob(TrainingRequests.valid("Dup-Job").build()).trainingJobArn();
        assertThat(arn).isEqualTo("arn:aws:sagemaker:us-east-1:000000000000:training-job/dup-job");
        assertThatThrownBy(() -> sm.createTrainingJob(TrainingRequests.valid("dup-JOB").build()))
                .isInstanceOf(ResourceInUseException.class)
                .satisfies(e -> assertThat(((SageMakerException) e).awsErrorDetails().errorMessage()).isEqualTo(
                        "Training job names must be unique within an AWS account and region, and a training job "
                                + "with this name already exists (" + arn + ")"));
        assertThat(sm.describeTrainingJob(b -> b.trainingJobName("DUP-job")).trainingJobName()).isEqualTo("Dup-Job");
    }

    @Test
    void createTrainingJob_tooManyInstances_isResourceLimitExceeded() {
        assertThatThrownBy(() -> sm.createTrainingJob(TrainingRequests.valid("many")
                .resourceConfig(b -> b.instanceType("ml.m5.xlarge").instanceCount(9).volumeSizeInGB(5)).build()))
                .satisfies(e -> assertThat(((SageMakerException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ResourceLimitExceeded"))
                .hasMessageStartingWith("The account-level service limit 'ml.m5.xlarge for training job usage' is 8 "
                        + "Instances, with current utilization of 0 Instances and a request delta of 9 Instances.");
    }

    @Test
    void describeTrainingJob_unknownName_isValidationException() {
        assertThatThrownBy(() -> sm.describeTrainingJob(b -> b.trainingJobName("nope")))
                .satisfies(e -> {
                    SageMakerException error = (SageMakerException) e;
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found.");
                });
    }

    @Test
    void describeTrainingJob_newJob_returnsEchoWithDefaultsAndFirstTransition() {
        Instant before = Instant.now().minusSeconds(1);
        sm.createTrainingJob(TrainingRequests.valid("echo").hyperParameters(Map.of("epochs", "\"3\"")).build());
        DescribeTrainingJobResponse job = sm.describeTrainingJob(b -> b.trainingJobName("echo"));
        assertThat(job.trainingJobStatus()).isEqualTo(TrainingJobStatus.IN_PROGRESS);
        assertThat(job.secondaryStatus()).isEqualTo(SecondaryStatus.STARTING);
        assertThat(job.modelArtifacts().s3ModelArtifacts()).isEqualTo("s3://bkt/out/echo/output/model.tar.gz");
        assertThat(job.outputDataConfig().kmsKeyId()).isEmpty();
        assertThat(job.outputDataConfig().s3OutputPath()).isEqualTo("s3://bkt/out");
        assertThat(job.hyperParameters()).containsEntry("epochs", "\"3\"");
        assertThat(job.stoppingCondition().maxRuntimeInSeconds()).isEqualTo(3600);
        assertThat(job.resourceConfig().volumeSizeInGB()).isEqualTo(10);
        assertThat(job.inputDataConfig().getFirst().dataSource().s3DataSource().s3DataDistributionTypeAsString())
                .isEqualTo("FullyReplicated");
        assertThat(job.creationTime()).isAfter(before);
        assertThat(job.lastModifiedTime()).isNotNull();
        assertThat(job.enableNetworkIsolation()).isFalse();
        assertThat(job.secondaryStatusTransitions()).singleElement().satisfies(t -> {
            assertThat(t.statusAsString()).isEqualTo("Starting");
            assertThat(t.statusMessage()).isEqualTo("Starting the training job");
            assertThat(t.endTime()).isNull();
        });
    }

    @Test
    void stopTrainingJob_inProgress_stopsThenRefusesWithStatusInMessage() {
        sm.createTrainingJob(TrainingRequests.valid("to-stop").build());
        sm.stopTrainingJob(b -> b.trainingJobName("to-stop"));
        DescribeTrainingJobResponse job = sm.describeTrainingJob(b -> b.trainingJobName("to-stop"));
        assertThat(job.trainingJobStatus()).isEqualTo(TrainingJobStatus.STOPPED);
        assertThat(job.secondaryStatusTransitions()).extracting(t -> t.statusAsString() + ": " + t.statusMessage())
                .containsExactly("Starting: Starting the training job", "Stopping: Stopping the training job",
                        "Stopped: Training job stopped");
        assertThat(job.secondaryStatusTransitions().getLast().endTime())
                .isEqualTo(job.secondaryStatusTransitions().getLast().startTime());
        assertThatThrownBy(() -> sm.stopTrainingJob(b -> b.trainingJobName("to-stop")))
                .hasMessageStartingWith("The request was rejected because the training job is in status Stopped.");
    }

    @Test
    void stopTrainingJob_unknownName_isValidationException() {
        assertThatThrownBy(() -> sm.stopTrainingJob(b -> b.trainingJobName("ghost")))
                .hasMessageStartingWith("Requested resource not found.");
    }
}
