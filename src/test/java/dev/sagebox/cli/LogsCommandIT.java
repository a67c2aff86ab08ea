package dev.sagebox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** {@code sagebox logs} run in-process against a real server. */
class LogsCommandIT {
    private static final String GROUP = LogsCommand.TRAINING_GROUP;
    private static TestServer server;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        logs = server.logs();
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        put("job-one/algo-1-1", 100, "host one, first");
        put("job-one/algo-2-1", 150, "host two, second");
        put("job-one/algo-1-1", 200, "host one, third");
        put("job-other/algo-1-1", 120, "someone else's job");
    }

    @AfterAll
    static void stop() throws Exception {
        logs.close();
        server.close();
        server.delete();
    }

    private static void put(String stream, long timestamp, String message) {
        try {
            logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName(stream));
        } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException exists) {
            // several events go to the same stream
        }
        logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(stream)
                .logEvents(InputLogEvent.builder().timestamp(timestamp).message(message).build()));
    }

    /** Output and exit code of one in-process run. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SageboxCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void logs_printsEveryHostOfTheJob_mergedByTime() {
        Run run = run("logs", "job-one", "--endpoint", server.endpoint().toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("[algo-1-1] host one, first", "[algo-2-1] host two, second",
                "[algo-1-1] host one, third");
    }

    @Test
    void logs_processing_readsTheProcessingJobsGroup() {
        logs.createLogGroup(b -> b.logGroupName(LogsCommand.PROCESSING_GROUP));
        logs.createLogStream(b -> b.logGroupName(LogsCommand.PROCESSING_GROUP).logStreamName("prep/algo-1-1"));
        logs.putLogEvents(b -> b.logGroupName(LogsCommand.PROCESSING_GROUP).logStreamName("prep/algo-1-1")
                .logEvents(InputLogEvent.builder().timestamp(100L).message("split 100 rows").build()));

        Run run = run("logs", "prep", "--processing", "--endpoint", server.endpoint().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("split 100 rows");
        assertThat(run("logs", "prep", "--endpoint", server.endpoint().toString()).err())
                .contains("no logs for training job prep");
    }

    @Test
    void logs_unknownJob_saysSoAndFails() {
        Run run = run("logs", "job-none", "--endpoint", server.endpoint().toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no logs for training job job-none");
    }

    @Test
    void logs_serverNotRunning_saysItCannotReachIt() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        Run run = run("logs", "job-one", "--endpoint", "http://127.0.0.1:" + freePort);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the Sagebox server at http://127.0.0.1:" + freePort);
    }

    @Test
    void logsFollow_printsNewLinesAsTheyArrive_untilInterrupted() throws Exception {
        put("job-follow/algo-1-1", 1, "before");
        StringWriter out = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread follower = Thread.ofVirtual().start(() -> exitCode.set(new CommandLine(new SageboxCommand())
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter())).execute("logs",
                        "job-follow", "--follow", "--poll-millis", "50", "--endpoint", server.endpoint().toString())));
        awaitOutput(out, "before");
        put("job-follow/algo-1-1", 2, "after");
        awaitOutput(out, "after");
        follower.interrupt();
        assertThat(follower.join(Duration.ofSeconds(10))).isTrue();
        assertThat(exitCode.get()).isZero();
        assertThat(out.toString().lines()).containsExactly("before", "after");
    }

    @Test
    void logsFollow_stopsByItselfOnceTheJobHasEnded() throws Exception {
        // An image neither Docker nor the process mapping has: the job fails at once, with its reason.
        try (var sageMaker = server.sageMaker()) {
            sageMaker.createTrainingJob(b -> b.trainingJobName("job-ended").roleArn("arn:aws:iam::000000000000:role/R")
                    .algorithmSpecification(a -> a.trainingImage("sagebox-test/nowhere:1").trainingInputMode("File"))
                    .outputDataConfig(o -> o.s3OutputPath("s3://nowhere/out"))
                    .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                    .stoppingCondition(c -> c.maxRuntimeInSeconds(60)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!sageMaker.describeTrainingJob(b -> b.trainingJobName("job-ended")).trainingJobStatusAsString()
                    .equals("Failed")) {
                assertThat(System.nanoTime()).as("job failed within 30 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        put("job-ended/algo-1-1", 1, "last words");
        StringWriter out = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread follower = Thread.ofVirtual().start(() -> exitCode.set(new CommandLine(new SageboxCommand())
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter())).execute("logs",
                        "job-ended", "--follow", "--poll-millis", "50", "--endpoint", server.endpoint().toString())));
        assertThat(follower.join(Duration.ofSeconds(10))).as("--follow ended with the job").isTrue();
        assertThat(exitCode.get()).isZero();
        assertThat(out.toString().lines()).containsExactly("last words");
    }

    private static void awaitOutput(StringWriter out, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString().lines().toList().contains(line)) {
            assertThat(System.nanoTime()).as("'%s' printed within 10 s; got: %s", line, out).isLessThan(deadline);
            Thread.sleep(20);  // poll interval, not a wait for an event
        }
    }
}
