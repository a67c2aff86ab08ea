package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.AwsException;
import dev.sagebox.logs.api.FilterLogEventsRequest;
import dev.sagebox.logs.api.FilterLogEventsResponse;
import dev.sagebox.logs.api.FilterLogEventsResponse.FilteredLogEvent;
import dev.sagebox.logs.api.PutLogEventsRequest;
import dev.sagebox.logs.api.PutLogEventsRequest.InputLogEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterLogEventsTest {
    @TempDir
    Path dir;
    private LogsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LogsFixture(dir);
        fixture.createGroup("g");
        fixture.createStream("g", "job/algo-1");
        fixture.createStream("g", "job/algo-2");
        fixture.createStream("g", "other");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private FilterLogEventsResponse filter(List<String> names, String prefix, Long start, Long end, String pattern,
                                          String token, Integer limit) {
        return fixture.call("FilterLogEvents", new FilterLogEventsRequest("g", null, names, prefix, start, end,
                pattern, token, limit, null, null));
    }

    @Test
    void interleavesStreamsByTimestamp_andNamesEachEventsStream() {
        fixture.put("g", "job/algo-1", 1, 3);
        fixture.put("g", "job/algo-2", 2, 4);
        FilterLogEventsResponse response = filter(null, "job/", null, null, null, null, null);
        assertThat(response.events()).extracting(FilteredLogEvent::message)
                .containsExactly("m1", "m2", "m3", "m4");
        assertThat(response.events()).extracting(FilteredLogEvent::logStreamName)
                .containsExactly("job/algo-1", "job/algo-2", "job/algo-1", "job/algo-2");
        assertThat(response.events()).extracting(FilteredLogEvent::eventId).doesNotHaveDuplicates();
        assertThat(response.searchedLogStreams()).hasSize(2);
        assertThat(response.nextToken()).isNull();
    }

    @Test
    void pageEndingAtTheLastMatch_hasNoToken_andTokensNeverLeadToAnEmptyPage() {
        fixture.put("g", "job/algo-1", 1, 2, 3, 4);
        FilterLogEventsResponse exact = filter(null, null, null, null, null, null, 4);
        assertThat(exact.events()).hasSize(4);
        assertThat(exact.nextToken()).isNull();

        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            FilterLogEventsResponse page = filter(null, null, null, null, null, token, 3);
            assertThat(page.events()).isNotEmpty();
            page.events().forEach(e -> seen.add(e.message()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly("m1", "m2", "m3", "m4");
    }

    @Test
    void patternAndTimeRange_selectEvents_acrossManyScanBatches() {
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            events.add(new InputLogEvent((long) i, i % 1_000 == 7 ? "ERROR at " + i : "INFO " + i));
        }
        fixture.call("PutLogEvents", new PutLogEventsRequest("g", "other", events, null));
        FilterLogEventsResponse page = filter(List.of("other"), null, 8L, 2_500L, "ERROR", null, 1);
        assertThat(page.events()).extracting(FilteredLogEvent::message).containsExactly("ERROR at 1007");
        FilterLogEventsResponse last = filter(List.of("other"), null, 8L, 2_500L, "ERROR", page.nextToken(), 1);
        assertThat(last.events()).extracting(FilteredLogEvent::message).containsExactly("ERROR at 2007");
        assertThat(last.nextToken()).isNull();
    }

    @Test
    void unsupportedPattern_isInvalidParameterException() {
        assertThatThrownBy(() -> filter(null, null, null, null, "{ $.x = 1 }", null, null))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidParameterException"));
    }

    @Test
    void namesAndPrefixTogether_isInvalidParameterException() {
        assertThatThrownBy(() -> filter(List.of("other"), "job/", null, null, null, null, null))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidParameterException"));
    }
}
