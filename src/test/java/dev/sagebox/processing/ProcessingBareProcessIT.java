package dev.sagebox.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3DataDistributionType;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3UploadMode;

/**
 * Processing jobs as bare host processes ({@code sagebox.process.sandbox=none}): {@code /opt/ml} paths in arguments
 * are rewritten to the host's tree, and since nothing stops a write into an input there, the job that wrote one
 * fails with a reason naming the setting that gives writable copies. The stored object itself stays intact.
 */
class ProcessingBareProcessIT {
    private static final String IMAGE = "local/py-processing:1";
    private static TestServer server;
    private static ProcessingFixture fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sagebox.process.sandbox", "none", "sagebox.runtime", "process"));
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "local/py-processing:*", "python": "python3"}]}
                """);
        fx = new ProcessingFixture(server);
        fx.put("data/a.csv", "a\n");
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
        server.close();
        server.delete();
    }

    @Test
    void bareProcess_seesItsInputsAndConfigThroughRewrittenPaths() throws Exception {
        fx.sm.createProcessingJob(ProcessingFixture.job("bare-ok", IMAGE, "job.py", "shards",
                        "/opt/ml/processing/input/data", "/opt/ml/processing/input/data", "/opt/ml/processing/out")
                .processingInputs(ProcessingFixture.input("code", "code/", ProcessingFixture.CODE_DIR,
                                ProcessingS3DataDistributionType.FULLY_REPLICATED),
                        ProcessingFixture.input("data", "data/", "/opt/ml/processing/input/data",
                                ProcessingS3DataDistributionType.SHARDED_BY_S3_KEY))
                .processingOutputConfig(o -> o.outputs(ProcessingFixture.output("out", "/opt/ml/processing/out",
                        "bare/out", ProcessingS3UploadMode.END_OF_JOB)))
                .build());

        DescribeProcessingJobResponse job = fx.awaitEnd("bare-ok");

        assertThat(job.processingJobStatus()).as(job.failureReason()).isEqualTo(ProcessingJobStatus.COMPLETED);
        assertThat(fx.get("bare/out/algo-1.json")).contains("\"sharded\": [\"a.csv\"]");
    }

    @Test
    void bareProcess_writingIntoAnInput_failsTheJobNamingWritableInputs() {
        fx.put("touch/job.py", ProcessingFixture.resource("/processing/job.py"));
        fx.sm.createProcessingJob(ProcessingFixture.job("bare-touch", IMAGE, "job.py", "touch-input",
                        "/opt/ml/processing/input/code/job.py")
                .processingInputs(ProcessingFixture.input("code", "touch/", ProcessingFixture.CODE_DIR,
                        ProcessingS3DataDistributionType.FULLY_REPLICATED)).build());

        DescribeProcessingJobResponse job = fx.awaitEnd("bare-touch");

        assertThat(job.processingJobStatus()).isEqualTo(ProcessingJobStatus.FAILED);
        assertThat(job.failureReason()).isEqualTo("ClientError: the job modified input s3://proc/touch/job.py"
                + " (input code); inputs are read-only in Sagebox, while the cloud gives processing jobs writable"
                + " copies: set sagebox.processing.writableInputs=true for those");
        // Run as root, the job could write its input whatever its mode: it wrote a copy, never the stored object.
        assertThat(fx.get("touch/job.py")).isEqualTo(ProcessingFixture.resource("/processing/job.py"));
    }
}
