package dev.sagebox.aws;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    @Test
    void throwIfInvalid_oneError_usesSingularAndAwsWording() {
        Validator v = Validator.create();
        v.required("roleArn", null);
        assertThatThrownBy(v::throwIfInvalid)
                .isInstanceOf(AwsException.class)
                .hasMessage("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: "
                        + "Member must not be null");
    }

    @Test
    void throwIfInvalid_severalErrors_joinsWithSemicolonsInOrder() {
        Validator v = Validator.create();
        v.length("name", "", 1, 63);
        v.range("count", 0, 1, 10);
        v.oneOf("mode", "Stream", List.of("Pipe", "File"));
        assertThatThrownBy(v::throwIfInvalid)
                .hasMessage("3 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member "
                        + "must have length greater than or equal to 1; Value '0' at 'count' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 1; Value 'Stream' at 'mode' "
                        + "failed to satisfy constraint: Member must satisfy enum value set: [Pipe, File]")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((AwsException) e).code())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void pattern_isAnchoredAndNullPasses() {
        Validator v = Validator.create();
        v.pattern("a", null, "x+").pattern("b", "xx", "x+");
        assertThatCode(v::throwIfInvalid).doesNotThrowAnyException();
        v.pattern("c", "xxy", "x+");
        assertThatThrownBy(v::throwIfInvalid).hasMessageContaining("Value 'xxy' at 'c'");
    }

    @Test
    void member_pathsAreOneBased() {
        org.assertj.core.api.Assertions.assertThat(Validator.member("inputDataConfig", 0))
                .isEqualTo("inputDataConfig.1.member");
    }
}
