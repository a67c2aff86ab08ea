package dev.sagebox.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3DataDistributionType;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3UploadMode;

/**
 * Processing jobs as users run them: a pandas/scikit-learn preprocessing step under the scikit-learn processing image
 * (mapped to the venv {@code .ci/python-venvs.sh sklearn} builds, named by {@code SAGEBOX_SKLEARN_PYTHON}), and jobs
 * created and awaited by boto3 with its {@code processing_job_completed_or_stopped} waiter.
 */
class ProcessingClientsIT {
    private static final String SKLEARN_IMAGE =
            "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
    private static final String PY_IMAGE = "local/py-processing:1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static ProcessingFixture fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sagebox.runtime", "process"));
        String sklearn = System.getenv().getOrDefault("SAGEBOX_SKLEARN_PYTHON", "");
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "*/sagemaker-scikit-learn:*", "python": "%s"},
                            {"image": "local/py-processing:*", "python": "python3"}]}
                """.formatted(sklearn.isBlank() ? "python3" : sklearn));
        fx = new ProcessingFixture(server);
        for (int i = 0; i < 4; i++) {
            fx.put("shards/part-" + i + ".csv", "row," + i + "\n");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
        server.close();
        server.delete();
    }

    @Test
    void sklearnPreprocessing_splitsTheDatasetIntoTrainAndTestOutputs() throws Exception {
        String python = System.getenv("SAGEBOX_SKLEARN_PYTHON");
        ClientScripts.assumeClient(python != null && Files.isExecutable(Path.of(python)),
                "no pandas/scikit-learn interpreter: set SAGEBOX_SKLEARN_PYTHON to what `bash .ci/python-venvs.sh"
                        + " sklearn` prints");
        StringBuilder csv = new StringBuilder("id,f1,f2,label\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(',').append(i % 17).append(',').append((i * 7) % 23).append(',').append(i % 2)
                    .append('\n');
        }
        fx.put("raw/data.csv", csv.toString());
        fx.sm.createProcessingJob(ProcessingFixture.job("sklearn-prep", SKLEARN_IMAGE, "preprocess.py",
                        "--test-size", "0.25")
                .processingInputs(ProcessingFixture.input("code", "code/", ProcessingFixture.CODE_DIR,
                                ProcessingS3DataDistributionType.FULLY_REPLICATED),
                        ProcessingFixture.input("raw", "raw/", "/opt/ml/processing/input/raw",
                                ProcessingS3DataDistributionType.FULLY_REPLICATED))
                .processingOutputConfig(o -> o.outputs(
                        ProcessingFixture.output("train", "/opt/ml/processing/train", "prep/train",
                                ProcessingS3UploadMode.END_OF_JOB),
                        ProcessingFixture.output("test", "/opt/ml/processing/test", "prep/test",
                                ProcessingS3UploadMode.END_OF_JOB)))
                .build());

        DescribeProcessingJobResponse job = fx.awaitEnd("sklearn-prep");

        assertThat(job.processingJobStatus()).as(job.failureReason()).isEqualTo(ProcessingJobStatus.COMPLETED);
        List<String> train = fx.get("prep/train/train.csv").lines().toList();
        List<String> test = fx.get("prep/test/test.csv").lines().toList();
        assertThat(train.getFirst()).isEqualTo("id,f1,f2,label");
        assertThat(test.getFirst()).isEqualTo("id,f1,f2,label");
        assertThat(train).hasSize(151);
        assertThat(test).hasSize(51);
        Set<String> trainIds = ids(train);
        Set<String> testIds = ids(test);
        assertThat(trainIds).doesNotContainAnyElementsOf(testIds);
        Set<String> all = new HashSet<>(trainIds);
        all.addAll(testIds);
        assertThat(all).hasSize(200);
        // Stratified on the label: each split keeps the 50/50 balance.
        assertThat(test.stream().skip(1).filter(l -> l.endsWith(",1")).count()).isEqualTo(25);
    }

    @Test
    void boto3_createAndWaiter_seeACompletedJobWithItsOutputAndTags() throws Exception {
        JsonNode seen = runWithBoto3("boto3-ok", "ok");

        assertThat(seen.get("waiter").asText()).isEqualTo("success");
        assertThat(seen.get("status").asText()).isEqualTo("Completed");
        assertThat(seen.get("listed").toString()).isEqualTo("[\"Completed\"]");
        assertThat(seen.get("outputs").toString()).isEqualTo("[\"boto3/boto3-ok/algo-1.json\"]");
        assertThat(seen.get("tags").toString()).isEqualTo("[{\"Key\":\"client\",\"Value\":\"boto3\"}]");
        assertThat(seen.get("inputs").toString()).isEqualTo("[\"FullyReplicated\",\"FullyReplicated\"]");
    }

    @Test
    void boto3_waiter_failsOnAFailedJobWhoseReasonCarriesItsExitMessage() throws Exception {
        JsonNode seen = runWithBoto3("boto3-fail", "fail");

        assertThat(seen.get("waiter").asText()).startsWith("waiter error: ")
                .contains("Waiter encountered a terminal failure state");
        assertThat(seen.get("status").asText()).isEqualTo("Failed");
        assertThat(seen.get("exitMessage").asText()).isEqualTo("boto3 saw this");
        assertThat(seen.get("failureReason").asText()).isEqualTo("AlgorithmError: boto3 saw this, exit code: 2");
        assertThat(seen.get("outputs").toString()).as("EndOfJob outputs of a failed job stay local").isEqualTo("[]");
    }

    private static JsonNode runWithBoto3(String job, String mode) throws Exception {
        String out = ClientScripts.python(server.endpoint(), "processing_boto3.py", job, PY_IMAGE, mode,
                ProcessingFixture.BUCKET).assertSuccess().stdout();
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static Set<String> ids(List<String> rows) {
        Set<String> ids = new HashSet<>();
        for (String row : rows.subList(1, rows.size())) {
            ids.add(Arrays.asList(row.split(",")).getFirst());
        }
        return ids;
    }
}
