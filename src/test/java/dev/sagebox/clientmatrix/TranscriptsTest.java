package dev.sagebox.clientmatrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscriptsTest {

    @Test
    void normalize_masksPrefixAndStreamTimeAndComparesNumbersByValue() {
        var python = Transcripts.parseLastLine("""
                noise
                {"w": 1.0, "s": "mx-py-train/algo-1-1795668852", "l": [], "b": true}
                """);
        var node = Transcripts.parseLastLine("""
                {"w": 1, "s": "mx-js-train/algo-1-1795668999", "l": [], "b": true}
                """);
        Map<String, String> a = Transcripts.normalize(python, "mx-py");
        assertThat(a).containsEntry("s", "\"{p}-train/algo-1-{epoch}\"").containsEntry("w", "1")
                .containsEntry("l", "[]").containsEntry("b", "true");
        assertThat(Transcripts.diff(a, Transcripts.normalize(node, "mx-js"))).isEmpty();
    }

    @Test
    void diff_namesThePathAndBothValues() {
        var expected = Transcripts.normalize(Transcripts.parseLastLine("{\"e\": {\"Code\": \"ValidationException\"}}"),
                "mx-t");
        var actual = Transcripts.normalize(Transcripts.parseLastLine("{\"e\": {\"Code\": \"400\"}, \"n\": 2}"), "mx-t");
        assertThat(Transcripts.diff(expected, actual)).containsExactly(
                "  e.Code:", "    - expected \"ValidationException\"", "    + actual   \"400\"",
                "  n:", "    - expected (absent)", "    + actual   2");
    }
}
