package dev.sagebox.transform.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputObjectsTest {
    @Test
    void relative_keyUnderAFolderPrefix_keepsSubpaths() {
        assertThat(InputObjects.relative("in/", "in/sub/a.csv")).isEqualTo("sub/a.csv");
        assertThat(InputObjects.relative("in", "in/sub/a.csv")).isEqualTo("sub/a.csv");
        assertThat(InputObjects.relative("", "a.csv")).isEqualTo("a.csv");
    }

    @Test
    void relative_prefixNamingAnObjectOrEndingInsideAName_keepsTheLastSegment() {
        assertThat(InputObjects.relative("data/in/rows.csv", "data/in/rows.csv")).isEqualTo("rows.csv");
        assertThat(InputObjects.relative("data/in/ro", "data/in/rows.csv")).isEqualTo("rows.csv");
        assertThat(InputObjects.relative("data/in/ro", "data/in/rows/x.csv")).isEqualTo("rows/x.csv");
    }
}
