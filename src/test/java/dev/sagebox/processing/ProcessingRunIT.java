package dev.sagebox.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3DataDistributionType;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3UploadMode;

/**
 * Real processing jobs (CONTRACTS §8.2), each scenario on both runtimes: as host processes through the process image
 * mapping, and in Docker containers of the Debian Python test image. The server runs {@code sagebox.runtime=auto},
 * which picks Docker exactly when the image is local.
 */
class ProcessingRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static ProcessingFixture fx;

    /** Where a scenario runs; the Docker case skips without an engine (fails under SAGEBOX_REQUIRE_DOCKER=1). */
    enum Runtime {
        PROCESS, DOCKER;

        String image() {
            return this == PROCESS ? "local/py-processing:1" : TestImages.PYTHON;
        }

        String job(String name) {
            if (this == DOCKER) {
                TestImages.assumeAvailable(TestImages.PYTHON);
            }
            return name + "-" + name().toLowerCase(Locale.ROOT);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sagebox.training.stopGraceSeconds", "5"));
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "local/py-processing:*", "python": "python3"}]}
                """);
        fx = new ProcessingFixture(server);
        for (int i = 0; i < 6; i++) {
            fx.put("shards/part-" + i + ".csv", "row," + i + "\n");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
        server.close();
        server.delete();
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void shardedByS3Key_twoInstances_eachSeesADisjointHalfAndItsOwnResourceConfig(Runtime runtime) throws Exception {
        String name = runtime.job("shards");
        String out = "out/" + name;
        fx.sm.createProcessingJob(ProcessingFixture.job(name, runtime.image(), "job.py", "shards",
                        "/opt/ml/processing/input/sharded", "/opt/ml/processing/input/all", "/opt/ml/processing/out")
                .processingResources(r -> r.clusterConfig(c -> c.instanceCount(2).instanceType("ml.m5.xlarge")
                        .volumeSizeInGB(10)))
                .processingInputs(ProcessingFixture.input("code", "code/", ProcessingFixture.CODE_DIR,
                                ProcessingS3DataDistributionType.FULLY_REPLICATED),
                        ProcessingFixture.input("sharded", "shards/", "/opt/ml/processing/input/sharded",
                                ProcessingS3DataDistributionType.SHARDED_BY_S3_KEY),
                        ProcessingFixture.input("all", "shards/", "/opt/ml/processing/input/all",
                                ProcessingS3DataDistributionType.FULLY_REPLICATED))
                .processingOutputConfig(o -> o.outputs(ProcessingFixture.output("seen", "/opt/ml/processing/out",
                        out, ProcessingS3UploadMode.END_OF_JOB)))
                .build());

        DescribeProcessingJobResponse job = fx.awaitEnd(name);

        assertThat(job.processingJobStatus()).as(job.failureReason()).isEqualTo(ProcessingJobStatus.COMPLETED);
        assertThat(job.processingStartTime()).isNotNull();
        assertThat(job.processingEndTime()).isAfterOrEqualTo(job.processingStartTime());
        JsonNode first = JSON.readTree(fx.get(out + "/algo-1.json"));
        JsonNode second = JSON.readTree(fx.get(out + "/algo-2.json"));
        List<String> all = List.of("part-0.csv", "part-1.csv", "part-2.csv", "part-3.csv", "part-4.csv",
                "part-5.csv");
        assertThat(texts(first.get("sharded"))).hasSize(3);
        assertThat(texts(second.get("sharded"))).hasSize(3).doesNotContainAnyElementsOf(texts(first.get("sharded")));
        Set<String> union = new HashSet<>(texts(first.get("sharded")));
        union.addAll(texts(second.get("sharded")));
        assertThat(union).containsExactlyInAnyOrderElementsOf(all);
        assertThat(texts(first.get("replicated"))).containsExactlyElementsOf(all);
        assertThat(texts(second.get("replicated"))).containsExactlyElementsOf(all);
        assertThat(first.get("host").asText()).isEqualTo("algo-1");
        assertThat(second.get("host").asText()).isEqualTo("algo-2");
        assertThat(texts(first.get("hosts"))).containsExactly("algo-1", "algo-2");
        assertThat(first.get("arn").asText()).isEqualTo(job.processingJobArn());
        assertThat(first.get("name").asText()).isEqualTo(name);
        assertThat(texts(first.get("inputs"))).containsExactly("code", "sharded", "all");
        try (CloudWatchLogsClient logs = server.logs()) {
            List<LogStream> streams = logs.describeLogStreams(b -> b.logGroupName("/aws/sagemaker/ProcessingJobs")
                    .logStreamNamePrefix(name + "/")).logStreams();
            assertThat(streams).extracting(LogStream::logStreamName)
                    .allMatch(s -> s.matches(name + "/algo-[12]-\\d+")).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void continuousOutput_isInS3WhileTheJobStillRuns(Runtime runtime) {
        String name = runtime.job("continuous");
        String out = "out/" + name;
        String marker = "signals/" + name;
        fx.sm.createProcessingJob(ProcessingFixture.job(name, runtime.image(), "job.py", "continuous",
                        "/opt/ml/processing/out", ProcessingFixture.BUCKET, marker)
                .processingOutputConfig(o -> o.outputs(ProcessingFixture.output("parts", "/opt/ml/processing/out",
                        out, ProcessingS3UploadMode.CONTINUOUS)))
                .build());

        assertThat(fx.awaitObject(out + "/part-1.txt")).as("part-1 uploaded while the job runs").isTrue();
        // The script waits for the marker, so the job cannot have ended before it is put.
        assertThat(fx.sm.describeProcessingJob(b -> b.processingJobName(name)).processingJobStatus())
                .isEqualTo(ProcessingJobStatus.IN_PROGRESS);
        assertThat(fx.get(out + "/part-1.txt")).isEqualTo("first part\n");
        fx.put(marker, "go");

        DescribeProcessingJobResponse job = fx.awaitEnd(name);
        assertThat(job.processingJobStatus()).as(job.failureReason()).isEqualTo(ProcessingJobStatus.COMPLETED);
        assertThat(fx.get(out + "/part-2.txt")).isEqualTo("second part\n");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void failingScript_isFailedWithItsExitMessageAndStaysListed(Runtime runtime) {
        String name = runtime.job("fails");
        fx.sm.createProcessingJob(ProcessingFixture.job(name, runtime.image(), "job.py", "fail",
                "bad input: column 'age' is missing", "3").build());

        DescribeProcessingJobResponse job = fx.awaitEnd(name);

        assertThat(job.processingJobStatus()).isEqualTo(ProcessingJobStatus.FAILED);
        assertThat(job.exitMessage()).isEqualTo("bad input: column 'age' is missing");
        assertThat(job.failureReason())
                .isEqualTo("AlgorithmError: bad input: column 'age' is missing, exit code: 3");
        assertThat(fx.sm.listProcessingJobs(b -> b.statusEquals(ProcessingJobStatus.FAILED).nameContains(name))
                .processingJobSummaries()).singleElement().satisfies(s -> {
                    assertThat(s.exitMessage()).isEqualTo(job.exitMessage());
                    assertThat(s.failureReason()).isEqualTo(job.failureReason());
                });
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void stop_runningJob_isStoppingThenStoppedWithEndOfJobOutputUploaded(Runtime runtime) {
        String name = runtime.job("stop");
        String out = "out/" + name;
        fx.sm.createProcessingJob(ProcessingFixture.job(name, runtime.image(), "job.py", "wait",
                        "/opt/ml/processing/out")
                .processingOutputConfig(o -> o.outputs(ProcessingFixture.output("early", "/opt/ml/processing/out",
                        out, ProcessingS3UploadMode.END_OF_JOB)))
                .build());
        ProcessingFixture.awaitLogLine(server, name, "waiting to be stopped");

        fx.sm.stopProcessingJob(b -> b.processingJobName(name));

        assertThat(fx.sm.describeProcessingJob(b -> b.processingJobName(name)).processingJobStatus())
                .isIn(ProcessingJobStatus.STOPPING, ProcessingJobStatus.STOPPED);
        DescribeProcessingJobResponse job = fx.awaitEnd(name);
        assertThat(job.processingJobStatus()).isEqualTo(ProcessingJobStatus.STOPPED);
        assertThat(job.failureReason()).isNull();
        assertThat(fx.keys(out + "/")).containsExactly(out + "/early.txt");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void maxRuntime_isEnforcedAndSaysSo(Runtime runtime) {
        String name = runtime.job("maxrt");
        fx.sm.createProcessingJob(ProcessingFixture.job(name, runtime.image(), "job.py", "wait",
                "/opt/ml/processing/out").stoppingCondition(s -> s.maxRuntimeInSeconds(1)).build());

        DescribeProcessingJobResponse job = fx.awaitEnd(name);

        assertThat(job.processingJobStatus()).isEqualTo(ProcessingJobStatus.STOPPED);
        assertThat(job.failureReason()).startsWith("MaxRuntimeExceeded:");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void inputs_areReadOnly_aWriteFailsInTheJobOrFailsTheJobNamingTheSetting(Runtime runtime) {
        String name = runtime.job("touch");
        // A copy of the code of its own per runtime, so each checks the stored object it was given.
        String code = "touch-" + name + "/";
        fx.put(code + "job.py", ProcessingFixture.resource("/processing/job.py"));
        fx.sm.createProcessingJob(ProcessingFixture.job(name, runtime.image(), "job.py", "touch-input",
                        "/opt/ml/processing/input/code/job.py")
                .processingInputs(ProcessingFixture.input("code", code, ProcessingFixture.CODE_DIR,
                        ProcessingS3DataDistributionType.FULLY_REPLICATED)).build());

        DescribeProcessingJobResponse job = fx.awaitEnd(name);

        // A read-only mount (Docker, bwrap) refuses the write; a bare host process is caught after the job.
        if (job.processingJobStatus() == ProcessingJobStatus.COMPLETED) {
            assertThat(job.exitMessage()).startsWith("input is read-only: ");
            assertThat(fx.get(code + "job.py")).isEqualTo(ProcessingFixture.resource("/processing/job.py"));
        } else {
            assertThat(job.failureReason()).startsWith("ClientError: the job modified input s3://proc/" + code
                    + "job.py (input code)").contains("sagebox.processing.writableInputs=true");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
