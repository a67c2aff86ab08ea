package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.AwsException;
import org.junit.jupiter.api.Test;

class EventTokenTest {

    @Test
    void toString_padsPositionToTwentyDigits() {
        assertThat(EventToken.forward(42).toString()).isEqualTo("f/00000000000000000042");
        assertThat(EventToken.backward(0).toString()).isEqualTo("b/00000000000000000000");
    }

    @Test
    void parse_readsBackWhatToStringWrote() {
        assertThat(EventToken.parse("f/00000000000000000042")).isEqualTo(EventToken.forward(42));
        assertThat(EventToken.parse("b/00000000000000001000")).isEqualTo(EventToken.backward(1000));
        assertThat(EventToken.parse(EventToken.forward(Long.MAX_VALUE).toString()).position())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void parse_garbage_isInvalidParameterException() {
        for (String token : new String[] {"", "x/1", "f/", "f/-1", "f/99999999999999999999", "f/1 ", "F/1"}) {
            assertThatThrownBy(() -> EventToken.parse(token), token)
                    .isInstanceOfSatisfying(AwsException.class, e -> {
                        assertThat(e.code()).isEqualTo("InvalidParameterException");
                        assertThat(e.getMessage()).isEqualTo("The specified nextToken is invalid.");
                    });
        }
    }
}
