package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.AwsException;
import dev.sagebox.logs.api.GetLogEventsRequest;
import dev.sagebox.logs.api.GetLogEventsResponse;
import dev.sagebox.logs.api.GetLogEventsResponse.OutputLogEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetLogEventsTest {
    @TempDir
    Path dir;
    private LogsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LogsFixture(dir);
        fixture.createGroup("g");
        fixture.createStream("g", "s");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private GetLogEventsResponse get(Long start, Long end, String token, Integer limit, Boolean fromHead) {
        return fixture.call("GetLogEvents", new GetLogEventsRequest("g", null, "s", start, end, token, limit,
                fromHead, null));
    }

    private static List<Long> times(GetLogEventsResponse response) {
        return response.events().stream().map(OutputLogEvent::timestamp).toList();
    }

    @Test
    void emptyStream_returnsForwardTokenAtEnd_andRepeatsItOnTheNextCall() {
        GetLogEventsResponse first = get(null, null, null, null, true);
        assertThat(first.events()).isEmpty();
        assertThat(first.nextForwardToken()).isEqualTo("f/00000000000000000000");
        assertThat(first.nextBackwardToken()).isNotNull();

        GetLogEventsResponse again = get(null, null, first.nextForwardToken(), null, true);
        assertThat(again.events()).isEmpty();
        assertThat(again.nextForwardToken()).isEqualTo(first.nextForwardToken());
    }

    @Test
    void startFromHead_pagesForward_thenAnEmptyPageRepeatsTheToken() {
        fixture.put("g", "s", 1, 2, 3, 4, 5);
        GetLogEventsResponse page1 = get(null, null, null, 2, true);
        assertThat(times(page1)).containsExactly(1L, 2L);
        assertThat(page1.nextForwardToken()).isEqualTo("f/00000000000000000002");
        GetLogEventsResponse page2 = get(null, null, page1.nextForwardToken(), 2, null);
        assertThat(times(page2)).containsExactly(3L, 4L);
        GetLogEventsResponse page3 = get(null, null, page2.nextForwardToken(), 2, null);
        assertThat(times(page3)).containsExactly(5L);
        GetLogEventsResponse end = get(null, null, page3.nextForwardToken(), 2, null);
        assertThat(end.events()).isEmpty();
        assertThat(end.nextForwardToken()).isEqualTo(page3.nextForwardToken());
    }

    @Test
    void forwardToken_seesEventsAppendedAfterTheEnd() {
        fixture.put("g", "s", 1);
        String token = get(null, null, null, null, true).nextForwardToken();
        fixture.put("g", "s", 2, 3);
        GetLogEventsResponse next = get(null, null, token, null, true);
        assertThat(times(next)).containsExactly(2L, 3L);
    }

    @Test
    void withoutStartFromHead_returnsTheLastLimitEvents_andBackwardTokenPagesEarlier() {
        fixture.put("g", "s", 1, 2, 3, 4, 5);
        GetLogEventsResponse tail = get(null, null, null, 2, null);
        assertThat(times(tail)).containsExactly(4L, 5L);
        assertThat(tail.nextForwardToken()).isEqualTo("f/00000000000000000005");
        assertThat(tail.nextBackwardToken()).isEqualTo("b/00000000000000000003");

        GetLogEventsResponse earlier = get(null, null, tail.nextBackwardToken(), 2, null);
        assertThat(times(earlier)).containsExactly(2L, 3L);
        GetLogEventsResponse first = get(null, null, earlier.nextBackwardToken(), 2, null);
        assertThat(times(first)).containsExactly(1L);
        GetLogEventsResponse none = get(null, null, first.nextBackwardToken(), 2, null);
        assertThat(none.events()).isEmpty();
        assertThat(none.nextBackwardToken()).isEqualTo(first.nextBackwardToken());
        assertThat(none.nextForwardToken()).isEqualTo("f/00000000000000000000");
    }

    @Test
    void startTimeIsInclusive_endTimeIsExclusive_andApplyWithAToken() {
        fixture.put("g", "s", 10, 20, 30, 40);
        assertThat(times(get(20L, 40L, null, null, true))).containsExactly(20L, 30L);
        String token = get(20L, null, null, 1, true).nextForwardToken();
        assertThat(times(get(20L, 40L, token, null, true))).containsExactly(30L);
    }

    @Test
    void foreignToken_isInvalidParameterException() {
        assertThatThrownBy(() -> get(null, null, "nope", null, null))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidParameterException"));
    }

    @Test
    void missingGroupOrStream_isResourceNotFoundException() {
        assertThatThrownBy(() -> fixture.call("GetLogEvents",
                new GetLogEventsRequest("nope", null, "s", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).isEqualTo("The specified log group does not exist.");
                });
        assertThatThrownBy(() -> fixture.call("GetLogEvents",
                new GetLogEventsRequest("g", null, "nope", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("The specified log stream does not exist."));
    }

    @Test
    void logGroupIdentifier_acceptsTheGroupArn() {
        fixture.put("g", "s", 7);
        GetLogEventsResponse response = fixture.call("GetLogEvents", new GetLogEventsRequest(null,
                "arn:aws:logs:us-east-1:000000000000:log-group:g:*", "s", null, null, null, null, true, null));
        assertThat(times(response)).containsExactly(7L);
    }

    @Test
    void limitOverTenThousand_isValidationMessage() {
        assertThatThrownBy(() -> get(null, null, null, 10_001, null))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: "
                                + "Member must have value less than or equal to 10000"));
    }
}
