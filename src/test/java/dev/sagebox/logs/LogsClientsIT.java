package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** boto3 with the SageMaker SDK's log loops, and AWS CLI v2 {@code logs tail}, against a real server. */
class LogsClientsIT {
    private static final String GROUP = "/aws/sagemaker/TrainingJobs";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        try (CloudWatchLogsClient logs = server.logs()) {
            logs.createLogGroup(b -> b.logGroupName(GROUP));
            long now = System.currentTimeMillis();
            // Two hosts, and more events than one page so that the token loop runs several times.
            for (String stream : List.of("job-a/algo-1-1700000000", "job-a/algo-2-1700000000")) {
                logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName(stream));
                List<InputLogEvent> events = IntStream.range(0, 7).mapToObj(i -> InputLogEvent.builder()
                        .timestamp(now - 60_000 + i).message(stream.substring(6, 12) + " epoch " + i).build())
                        .toList();
                logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(stream).logEvents(events));
            }
            // An old event that "tail --since 10m" must leave out but "--since 3h" shows.
            logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("job-old/algo-1-1"));
            logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("job-old/algo-1-1").logEvents(
                    InputLogEvent.builder().timestamp(now - 2 * 3_600_000L).message("two hours ago").build()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @Test
    void boto3_sageMakerSdkLoops_readEveryEventAndTerminate() {
        String out = ClientScripts.python(server.endpoint(), "logs_sagemaker_loops.py", GROUP, "job-a", "1")
                .assertSuccess().stdout();
        List<String> lines = out.lines().toList();
        assertThat(lines).contains("streams=2", "missing-group=ok");
        assertThat(lines).filteredOn(l -> l.startsWith("job-a/algo-1")).hasSize(7);
        assertThat(lines).filteredOn(l -> l.startsWith("job-a/algo-2")).hasSize(7)
                .last().isEqualTo("job-a/algo-2-1700000000 algo-2 epoch 6");
    }

    @Test
    void boto3Debian_sageMakerSdkLoops_terminate() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(ClientScripts.DEBIAN_PYTHON)), "no Debian python3");
        var result = ClientScripts.python(ClientScripts.DEBIAN_PYTHON, server.endpoint(),
                "logs_sagemaker_loops.py", GROUP, "job-a", "2");
        Assumptions.assumeFalse(result.stderr().contains("No module named 'boto3'"),
                "Debian's python3-boto3 is not installed");
        assertThat(result.assertSuccess().stdout().lines()).contains("streams=2", "missing-group=ok");
    }

    @Test
    void awsCliV2_logsTail_printsRecentEventsAndExits() {
        String out = ClientScripts.awsCliV2(server.endpoint(), "logs", "tail", GROUP).assertSuccess().stdout();
        assertThat(out.lines().filter(l -> l.contains(" epoch "))).hasSize(14);
        assertThat(out).contains("job-a/algo-1-1700000000 algo-1 epoch 0").doesNotContain("two hours ago");
    }

    @Test
    void awsCliV2_logsTailSince_includesOlderEvents() {
        String out = ClientScripts.awsCliV2(server.endpoint(), "logs", "tail", GROUP, "--since", "3h")
                .assertSuccess().stdout();
        assertThat(out).contains("two hours ago").contains("algo-2 epoch 6");
        String lastHour = ClientScripts.awsCliV2(server.endpoint(), "logs", "tail", GROUP, "--since", "1h")
                .assertSuccess().stdout();
        assertThat(lastHour).contains("algo-2 epoch 6").doesNotContain("two hours ago");
    }
}
