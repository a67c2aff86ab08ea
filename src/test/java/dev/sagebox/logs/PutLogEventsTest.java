package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.AwsException;
import dev.sagebox.logs.api.DeleteLogGroupRequest;
import dev.sagebox.logs.api.DeleteLogStreamRequest;
import dev.sagebox.logs.api.PutLogEventsRequest;
import dev.sagebox.logs.api.PutLogEventsRequest.InputLogEvent;
import dev.sagebox.logs.api.PutLogEventsResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutLogEventsTest {
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

    private PutLogEventsResponse put(String group, String stream, List<InputLogEvent> events) {
        return fixture.call("PutLogEvents", new PutLogEventsRequest(group, stream, events, "ignored"));
    }

    @Test
    void putLogEvents_returnsANewSequenceTokenEachTime() {
        String first = put("g", "s", List.of(new InputLogEvent(1L, "a"))).nextSequenceToken();
        String second = put("g", "s", List.of(new InputLogEvent(1L, "b"))).nextSequenceToken();
        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    @Test
    void putLogEvents_outOfOrder_isInvalidParameterException() {
        assertThatThrownBy(() -> put("g", "s", List.of(new InputLogEvent(2L, "a"), new InputLogEvent(1L, "b"))))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameterException");
                    assertThat(e.getMessage()).isEqualTo(
                            "Log events in a single PutLogEvents request must be in chronological order.");
                });
    }

    @Test
    void putLogEvents_emptyBatchOrMissingMembers_isValidationMessage() {
        assertThatThrownBy(() -> put("g", "s", List.of()))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: "
                                + "Member must have length greater than or equal to 1"));
        assertThatThrownBy(() -> put("g", "s", List.of(new InputLogEvent(null, "a"))))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.getMessage()).contains(
                        "Value null at 'logEvents.1.member.timestamp' failed to satisfy constraint"));
    }

    @Test
    void putLogEvents_missingStream_isResourceNotFoundException() {
        assertThatThrownBy(() -> put("g", "nope", List.of(new InputLogEvent(1L, "a"))))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).isEqualTo("The specified log stream does not exist.");
                });
    }

    @Test
    void deleteLogStream_thenDeleteLogGroup_removeThem() {
        put("g", "s", List.of(new InputLogEvent(1L, "a")));
        fixture.call("DeleteLogStream", new DeleteLogStreamRequest("g", "s"));
        assertThatThrownBy(() -> put("g", "s", List.of(new InputLogEvent(1L, "a"))))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("The specified log stream does not exist."));
        fixture.call("DeleteLogGroup", new DeleteLogGroupRequest("g"));
        assertThatThrownBy(() -> fixture.call("DeleteLogGroup", new DeleteLogGroupRequest("g")))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("The specified log group does not exist."));
    }
}
