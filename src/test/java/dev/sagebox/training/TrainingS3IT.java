package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

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
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** A BYO job whose channel and output are in Sagebox's S3: staged by hard links, model.tar.gz read back by S3. */
class TrainingS3IT {
    private static TestServer server;
    private static SageMakerClient sm;
    private static S3Client s3;
    private static ByoFixture byo;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sm = server.sageMaker();
        s3 = server.s3();
        byo = ByoFixture.create(server);
        s3.createBucket(b -> b.bucket("bkt"));
        s3.putObject(b -> b.bucket("bkt").key("data/train/data.csv"), RequestBody.fromString("x,y\n3,4\n"));
    }

    @AfterAll
    static void stop() throws Exception {
        sm.close();
        s3.close();
        server.close();
        server.delete();
        byo.close();
    }

    private static Channel s3Channel(String uri) {
        return Channel.builder().channelName("train")
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri(uri))).build();
    }

    @Test
    void s3Job_stagesHardLinksAndUploadsModelArchiveToS3() throws Exception {
        sm.createTrainingJob(TrainingRequests.valid("s3-job", ByoFixture.IMAGE)
                .hyperParameters(Map.of("epochs", "1"))
                .inputDataConfig(s3Channel("s3://bkt/data/train").toBuilder().contentType("text/csv").build())
                .outputDataConfig(o -> o.s3OutputPath("s3://bkt/output/")).build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "s3-job", j -> j.trainingJobStatus().equals(
                TrainingJobStatus.COMPLETED) || j.trainingJobStatus().equals(TrainingJobStatus.FAILED));
        assertThat(job.trainingJobStatus()).as(job.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(job.modelArtifacts().s3ModelArtifacts()).isEqualTo("s3://bkt/output/s3-job/output/model.tar.gz");

        Path staged = server.home().resolve("jobs/s3-job/algo-1/opt/ml/input/data/train/data.csv");
        assertThat((Integer) Files.getAttribute(staged, "unix:nlink")).isGreaterThanOrEqualTo(2);
        Path config = server.home().resolve("jobs/s3-job/algo-1/opt/ml/input/config");
        assertThat(Files.readString(config.resolve("inputdataconfig.json"))).isEqualTo("{\"train\":{\"ContentType\":"
                + "\"text/csv\",\"TrainingInputMode\":\"File\",\"S3DistributionType\":\"FullyReplicated\","
                + "\"RecordWrapperType\":\"None\"}}");
        assertThat(Files.readString(config.resolve("trainingjobconfig.json")))
                .contains("\"TrainingJobArn\":\"arn:aws:sagemaker:us-east-1:000000000000:training-job/s3-job\"");

        Path archive = byo.root.resolve("s3-model.tar.gz");
        try (var in = s3.getObject(b -> b.bucket("bkt").key("output/s3-job/output/model.tar.gz"))) {
            Files.copy(in, archive);
        }
        assertThat(ByoFixture.tarRead(archive, "model.txt")).isEqualTo("X,Y\n3,4\n");
        assertThat(s3.headObject(b -> b.bucket("bkt").key("output/s3-job/output/output.tar.gz")).contentLength())
                .isPositive();
    }

    @Test
    void missingInputPrefix_failsWithClientError() {
        sm.createTrainingJob(TrainingRequests.valid("s3-missing", ByoFixture.IMAGE)
                .hyperParameters(Map.of("epochs", "1"))
                .inputDataConfig(s3Channel("s3://bkt/nothing/here"))
                .outputDataConfig(o -> o.s3OutputPath("s3://bkt/output")).build());
        DescribeTrainingJobResponse job = ByoFixture.awaitJob(sm, "s3-missing",
                j -> j.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(job.failureReason()).isEqualTo("ClientError: No S3 objects found under S3 URL "
                + "\"s3://bkt/nothing/here\" given in input data source.");
    }
}
