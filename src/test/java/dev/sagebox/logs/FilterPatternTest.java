package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.AwsException;
import org.junit.jupiter.api.Test;

class FilterPatternTest {

    @Test
    void blankOrNull_matchesEverything() {
        assertThat(FilterPattern.parse(null).matches("anything")).isTrue();
        assertThat(FilterPattern.parse("  ").matches("")).isTrue();
        assertThat(FilterPattern.parse("").matchesEverything()).isTrue();
    }

    @Test
    void terms_mustAllOccur_caseSensitively() {
        FilterPattern pattern = FilterPattern.parse("ERROR disk");
        assertThat(pattern.matches("[ERROR] disk full")).isTrue();
        assertThat(pattern.matches("[ERROR] memory")).isFalse();
        assertThat(pattern.matches("error disk")).isFalse();
    }

    @Test
    void quotedPhrase_matchesAsOneSubstring() {
        FilterPattern pattern = FilterPattern.parse("\"train loss\"");
        assertThat(pattern.matches("epoch 1 train loss=0.5")).isTrue();
        assertThat(pattern.matches("loss train")).isFalse();
        assertThat(FilterPattern.parse("\"a?b -c\"").matches("x a?b -c y")).isTrue();
    }

    @Test
    void alternatives_needAtLeastOne_andRequiredTermsStillApply() {
        FilterPattern either = FilterPattern.parse("?ERROR ?WARN");
        assertThat(either.matches("WARN low disk")).isTrue();
        assertThat(either.matches("ERROR boom")).isTrue();
        assertThat(either.matches("INFO fine")).isFalse();

        FilterPattern mixed = FilterPattern.parse("disk ?ERROR ?\"WARN level\"");
        assertThat(mixed.matches("WARN level: disk")).isTrue();
        assertThat(mixed.matches("ERROR memory")).isFalse();
    }

    @Test
    void otherSyntaxes_areInvalidParameterException() {
        for (String pattern : new String[] {"{ $.level = \"ERROR\" }", "[ip, user]", "ERROR -debug", "%err.*%",
                "\"unclosed", "?", "? x", "\"\"", "a\"b"}) {
            assertThatThrownBy(() -> FilterPattern.parse(pattern), pattern)
                    .isInstanceOfSatisfying(AwsException.class,
                            e -> assertThat(e.code()).isEqualTo("InvalidParameterException"));
        }
    }
}
