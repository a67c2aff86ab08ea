package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.Region;
import dev.sagebox.logs.api.CreateLogGroupRequest;
import dev.sagebox.logs.api.DescribeLogGroupsRequest;
import dev.sagebox.logs.api.DescribeLogGroupsResponse;
import dev.sagebox.logs.api.DescribeLogStreamsRequest;
import dev.sagebox.logs.api.DescribeLogStreamsResponse;
import dev.sagebox.logs.api.DescribeLogStreamsResponse.LogStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogListingsTest {
    @TempDir
    Path dir;
    private LogsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LogsFixture(dir);
        fixture.createGroup("g");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private DescribeLogStreamsResponse streams(String prefix, String orderBy, Boolean descending, String token,
                                               Integer limit) {
        return fixture.call("DescribeLogStreams",
                new DescribeLogStreamsRequest("g", null, prefix, orderBy, descending, token, limit));
    }

    private static List<String> names(DescribeLogStreamsResponse response) {
        return response.logStreams().stream().map(LogStream::logStreamName).toList();
    }

    private void createStreams(int count) {
        for (int i = 0; i < count; i++) {
            fixture.createStream("g", String.format("job/algo-%03d", i));
        }
    }

    @Test
    void describeLogStreams_pageEndingExactlyAtTheLastStream_hasNoNextToken() {
        createStreams(50);
        DescribeLogStreamsResponse page = streams("job/", "LogStreamName", null, null, 50);
        assertThat(page.logStreams()).hasSize(50);
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void describeLogStreams_oneMoreThanTheLimit_pagesOnce_thenEndsWithoutToken() {
        createStreams(51);
        DescribeLogStreamsResponse first = streams("job/", null, null, null, 50);
        assertThat(first.logStreams()).hasSize(50);
        assertThat(first.nextToken()).isNotNull();
        DescribeLogStreamsResponse second = streams("job/", null, null, first.nextToken(), 50);
        assertThat(names(second)).containsExactly("job/algo-050");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void describeLogStreams_noMatch_isAnEmptyPageWithoutToken() {
        createStreams(3);
        DescribeLogStreamsResponse page = streams("other/", null, null, null, null);
        assertThat(page.logStreams()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void describeLogStreams_descendingByName_pagesInReverse() {
        createStreams(5);
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            DescribeLogStreamsResponse page = streams(null, null, true, token, 2);
            seen.addAll(names(page));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly("job/algo-004", "job/algo-003", "job/algo-002", "job/algo-001",
                "job/algo-000");
    }

    @Test
    void describeLogStreams_byLastEventTime_ordersByNewestEvent_andReportsEventTimes() {
        createStreams(3);
        fixture.put("g", "job/algo-000", 300);
        fixture.put("g", "job/algo-001", 100, 150);
        fixture.put("g", "job/algo-002", 200);
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            DescribeLogStreamsResponse page = streams(null, "LastEventTime", true, token, 1);
            seen.addAll(names(page));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly("job/algo-000", "job/algo-002", "job/algo-001");

        LogStream stream = streams("job/algo-001", null, null, null, null).logStreams().getFirst();
        assertThat(stream.firstEventTimestamp()).isEqualTo(100L);
        assertThat(stream.lastEventTimestamp()).isEqualTo(150L);
        assertThat(stream.storedBytes()).isEqualTo(8L);
        assertThat(stream.arn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:job/algo-001");
    }

    @Test
    void describeLogStreams_lastEventTimeWithPrefix_isInvalidParameterException() {
        assertThatThrownBy(() -> streams("job/", "LastEventTime", null, null, null))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidParameterException"));
    }

    @Test
    void describeLogStreams_limitAndOrderByOutOfRange_listsBothErrors() {
        assertThatThrownBy(() -> streams(null, "Name", null, null, 51))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "2 validation errors detected: Value 'Name' at 'orderBy' failed to satisfy constraint: "
                                + "Member must satisfy enum value set: [LogStreamName, LastEventTime]; "
                                + "Value '51' at 'limit' failed to satisfy constraint: "
                                + "Member must have value less than or equal to 50"));
    }

    @Test
    void describeLogStreams_missingGroup_isResourceNotFoundException() {
        assertThatThrownBy(() -> fixture.call("DescribeLogStreams",
                new DescribeLogStreamsRequest("nope", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).isEqualTo("The specified log group does not exist.");
                });
    }

    @Test
    void describeLogGroups_pagesByName_withArnsAndNoTokenOnTheLastPage() {
        fixture.createGroup("/aws/sagemaker/TrainingJobs");
        fixture.createGroup("/aws/sagemaker/Endpoints/ep");
        DescribeLogGroupsResponse first = fixture.call("DescribeLogGroups",
                new DescribeLogGroupsRequest("/aws/", null, null, 1));
        assertThat(first.logGroups()).extracting(DescribeLogGroupsResponse.LogGroup::logGroupName)
                .containsExactly("/aws/sagemaker/Endpoints/ep");
        DescribeLogGroupsResponse second = fixture.call("DescribeLogGroups",
                new DescribeLogGroupsRequest("/aws/", null, first.nextToken(), 1));
        DescribeLogGroupsResponse.LogGroup group = second.logGroups().getFirst();
        assertThat(group.logGroupName()).isEqualTo("/aws/sagemaker/TrainingJobs");
        assertThat(group.arn())
                .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/TrainingJobs:*");
        assertThat(group.logGroupArn())
                .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/TrainingJobs");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void describeLogGroups_pattern_isCaseInsensitiveSubstring() {
        fixture.createGroup("/aws/sagemaker/TrainingJobs");
        DescribeLogGroupsResponse found = fixture.call("DescribeLogGroups",
                new DescribeLogGroupsRequest(null, "trainingjobs", null, null));
        assertThat(found.logGroups()).hasSize(1);
    }

    @Test
    void groupsArePerRegion() {
        Region west = new Region("us-west-2");
        DescribeLogGroupsResponse empty = fixture.callIn(west, "DescribeLogGroups",
                new DescribeLogGroupsRequest(null, null, null, null));
        assertThat(empty.logGroups()).isEmpty();
        assertThat(empty.nextToken()).isNull();
        fixture.callIn(west, "CreateLogGroup", new CreateLogGroupRequest("g", null, null, null));
        DescribeLogGroupsResponse west1 = fixture.callIn(west, "DescribeLogGroups",
                new DescribeLogGroupsRequest(null, null, null, null));
        assertThat(west1.logGroups().getFirst().logGroupArn())
                .isEqualTo("arn:aws:logs:us-west-2:000000000000:log-group:g");
    }

    @Test
    void createLogGroup_badName_isValidationMessage() {
        assertThatThrownBy(() -> fixture.createGroup("bad name"))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameterException");
                    assertThat(e.getMessage()).isEqualTo("1 validation error detected: Value 'bad name' at "
                            + "'logGroupName' failed to satisfy constraint: Member must satisfy regular expression "
                            + "pattern: [\\.\\-_/#A-Za-z0-9]+");
                });
    }

    @Test
    void createLogGroup_twice_isResourceAlreadyExistsException() {
        assertThatThrownBy(() -> fixture.createGroup("g"))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("ResourceAlreadyExistsException"));
    }
}
