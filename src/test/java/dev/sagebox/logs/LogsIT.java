package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** CloudWatch Logs through the real Java SDK v2 client against a real server. */
class LogsIT {
    private static TestServer server;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        logs = server.logs();
    }

    @AfterAll
    static void stop() throws Exception {
        logs.close();
        server.close();
        server.delete();
    }

    private static void putLines(String group, String stream, long firstTimestamp, int count) {
        List<InputLogEvent> events = IntStream.range(0, count).mapToObj(i -> InputLogEvent.builder()
                .timestamp(firstTimestamp + i).message("line " + i).build()).toList();
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    @Test
    void createPutGet_roundTripsEventsWithIngestionTime() {
        logs.createLogGroup(b -> b.logGroupName("/it/roundtrip"));
        logs.createLogStream(b -> b.logGroupName("/it/roundtrip").logStreamName("s"));
        long now = System.currentTimeMillis();
        String token = logs.putLogEvents(b -> b.logGroupName("/it/roundtrip").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message("hello").build(),
                InputLogEvent.builder().timestamp(now + 1).message("world").build())).nextSequenceToken();
        assertThat(token).isNotBlank();

        GetLogEventsResponse page = logs.getLogEvents(b -> b.logGroupName("/it/roundtrip").logStreamName("s")
                .startFromHead(true));
        assertThat(page.events()).extracting(OutputLogEvent::message).containsExactly("hello", "world");
        assertThat(page.events().getFirst().timestamp()).isEqualTo(now);
        assertThat(page.events().getFirst().ingestionTime()).isGreaterThanOrEqualTo(now);
        assertThat(page.nextForwardToken()).startsWith("f/");
        assertThat(page.nextBackwardToken()).startsWith("b/");
    }

    @Test
    void getLogEventsPaginator_readsEveryEvent_andTerminates() {
        logs.createLogGroup(b -> b.logGroupName("/it/paginator"));
        logs.createLogStream(b -> b.logGroupName("/it/paginator").logStreamName("s"));
        putLines("/it/paginator", "s", 1_000, 25);
        List<String> messages = new ArrayList<>();
        logs.getLogEventsPaginator(b -> b.logGroupName("/it/paginator").logStreamName("s").startFromHead(true)
                .limit(10)).events().forEach(e -> messages.add(e.message()));
        assertThat(messages).containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "line " + i).toList());

        List<String> emptyStream = new ArrayList<>();
        logs.createLogStream(b -> b.logGroupName("/it/paginator").logStreamName("empty"));
        logs.getLogEventsPaginator(b -> b.logGroupName("/it/paginator").logStreamName("empty"))
                .events().forEach(e -> emptyStream.add(e.message()));
        assertThat(emptyStream).isEmpty();
    }

    @Test
    void describeLogStreams_exactlyFifty_hasNoNextToken_fiftyOne_pagesOnce() {
        logs.createLogGroup(b -> b.logGroupName("/it/streams"));
        for (int i = 0; i < 51; i++) {
            String name = String.format("%s/algo-%02d", i < 50 ? "fifty" : "fifty-one", i);
            logs.createLogStream(b -> b.logGroupName("/it/streams").logStreamName(name));
        }
        DescribeLogStreamsResponse fifty = logs.describeLogStreams(b -> b.logGroupName("/it/streams")
                .logStreamNamePrefix("fifty/").limit(50));
        assertThat(fifty.logStreams()).hasSize(50);
        assertThat(fifty.nextToken()).isNull();

        DescribeLogStreamsResponse first = logs.describeLogStreams(b -> b.logGroupName("/it/streams").limit(50));
        assertThat(first.logStreams()).hasSize(50);
        assertThat(first.nextToken()).isNotNull();
        DescribeLogStreamsResponse second = logs.describeLogStreams(b -> b.logGroupName("/it/streams").limit(50)
                .nextToken(first.nextToken()));
        assertThat(second.logStreams()).extracting(LogStream::logStreamName).containsExactly("fifty/algo-49");
        assertThat(second.nextToken()).isNull();

        List<String> all = new ArrayList<>();
        logs.describeLogStreamsPaginator(b -> b.logGroupName("/it/streams")).logStreams()
                .forEach(s -> all.add(s.logStreamName()));
        assertThat(all).hasSize(51).doesNotHaveDuplicates();
    }

    @Test
    void describeLogGroups_returnsArnsAndCreationTime() {
        logs.createLogGroup(b -> b.logGroupName("/it/described"));
        LogGroup group = logs.describeLogGroups(b -> b.logGroupNamePrefix("/it/described")).logGroups().getFirst();
        assertThat(group.logGroupName()).isEqualTo("/it/described");
        assertThat(group.arn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/it/described:*");
        assertThat(group.logGroupArn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/it/described");
        assertThat(group.creationTime()).isPositive();
        assertThat(group.storedBytes()).isZero();
    }

    @Test
    void filterLogEvents_matchesPatternAcrossStreams_andPaginatorEnds() {
        logs.createLogGroup(b -> b.logGroupName("/it/filter"));
        logs.createLogStream(b -> b.logGroupName("/it/filter").logStreamName("a"));
        logs.createLogStream(b -> b.logGroupName("/it/filter").logStreamName("b"));
        logs.putLogEvents(b -> b.logGroupName("/it/filter").logStreamName("a").logEvents(
                InputLogEvent.builder().timestamp(10L).message("ERROR one").build(),
                InputLogEvent.builder().timestamp(30L).message("INFO two").build()));
        logs.putLogEvents(b -> b.logGroupName("/it/filter").logStreamName("b").logEvents(
                InputLogEvent.builder().timestamp(20L).message("WARN three").build()));
        FilterLogEventsResponse response = logs.filterLogEvents(b -> b.logGroupName("/it/filter")
                .filterPattern("?ERROR ?WARN"));
        assertThat(response.events()).extracting(FilteredLogEvent::message).containsExactly("ERROR one", "WARN three");
        assertThat(response.events()).extracting(FilteredLogEvent::logStreamName).containsExactly("a", "b");
        assertThat(response.nextToken()).isNull();

        List<String> paged = new ArrayList<>();
        logs.filterLogEventsPaginator(b -> b.logGroupName("/it/filter").limit(1)).events()
                .forEach(e -> paged.add(e.message()));
        assertThat(paged).containsExactly("ERROR one", "WARN three", "INFO two");
    }

    @Test
    void describeLogStreams_missingGroup_isResourceNotFoundException() {
        assertThatThrownBy(() -> logs.describeLogStreams(b -> b.logGroupName("/it/none")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The specified log group does not exist.");
                });
    }

    @Test
    void createLogGroup_duplicate_isResourceAlreadyExistsException() {
        logs.createLogGroup(b -> b.logGroupName("/it/dup"));
        assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName("/it/dup")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void putLogEvents_outOfOrder_isInvalidParameterException() {
        logs.createLogGroup(b -> b.logGroupName("/it/order"));
        logs.createLogStream(b -> b.logGroupName("/it/order").logStreamName("s"));
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName("/it/order").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(2L).message("later").build(),
                InputLogEvent.builder().timestamp(1L).message("earlier").build())))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.getMessage())
                        .contains("must be in chronological order"));
    }
}
