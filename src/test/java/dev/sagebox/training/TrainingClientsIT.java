package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training jobs driven by boto3 ({@code src/test/python/training_boto3.py}) and read back with the AWS CLI v2. */
class TrainingClientsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server;
    private static ByoFixture byo;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        byo = ByoFixture.create(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
        byo.close();
    }

    private static JsonNode runWithBoto3(String job, String mode) throws Exception {
        String out = ClientScripts.python(server.endpoint(), "training_boto3.py", job, ByoFixture.IMAGE, mode,
                byo.dataUri(), byo.outputUri()).assertSuccess().stdout();
        return JSON.readTree(out.strip().lines().reduce((first, second) -> second).orElseThrow());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    @Test
    void boto3_createWaiterAndLogEvents_seeACompletedJobAndItsWholeLog() throws Exception {
        JsonNode seen = runWithBoto3("boto3-ok", "ok");
        assertThat(seen.get("waiter").asText()).isEqualTo("success");
        assertThat(seen.get("status").asText()).isEqualTo("Completed");
        assertThat(texts(seen.get("secondary"))).containsExactly("Starting", "Downloading", "Training", "Uploading",
                "Completed");
        assertThat(seen.get("metrics").get("train:loss").asDouble()).isEqualTo(0.5);
        assertThat(seen.get("artifacts").asText()).isEqualTo(byo.outputUri() + "/boto3-ok/output/model.tar.gz");
        assertThat(texts(seen.get("streams"))).singleElement().asString().startsWith("boto3-ok/algo-1-");
        List<String> lines = texts(seen.get("lines"));
        assertThat(lines.getFirst()).startsWith("Sagebox: running " + ByoFixture.IMAGE + " as host process");
        assertThat(lines).contains("epoch=0 loss=1.0000", "epoch=1 loss=0.5000", "validation:accuracy 0.93");
    }

    @Test
    void boto3_waiter_failsOnAFailedJobWithItsReason() throws Exception {
        JsonNode seen = runWithBoto3("boto3-fail", "exit");
        assertThat(seen.get("waiter").asText()).startsWith("waiter error: ")
                .contains("terminal failure state");
        assertThat(seen.get("status").asText()).isEqualTo("Failed");
        assertThat(seen.get("failureReason").asText()).startsWith("AlgorithmError: ")
                .contains("Traceback: ValueError: broken").endsWith("exit code: 3");
        assertThat(texts(seen.get("lines"))).contains("Traceback: ValueError: broken");
    }

    @Test
    void awsCliV2_logsTail_printsAFinishedJobsLogAndExits() throws Exception {
        runWithBoto3("cli-tail", "ok");
        String out = ClientScripts.awsCliV2(server.endpoint(), "logs", "tail", "/aws/sagemaker/TrainingJobs",
                "--log-stream-name-prefix", "cli-tail", "--since", "1h", "--format", "short")
                .assertSuccess().stdout();
        assertThat(out).contains("epoch=1 loss=0.5000").contains("Sagebox: running");
    }
}
