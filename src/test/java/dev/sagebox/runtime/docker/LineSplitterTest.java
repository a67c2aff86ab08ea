package dev.sagebox.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(lines::add);

    private static List<String> readLines(String text) throws IOException {
        List<String> expected = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            String line;
            while ((line = reader.readLine()) != null) {
                expected.add(line);
            }
        }
        return expected;
    }

    @Test
    void lineEnds_areThoseOfBufferedReader_evenWhenFramesCutThem() throws IOException {
        String text = "one\r\ntwo\rthree\n\nfour\r\r\nlast";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            splitter.accept(new byte[] {b});
        }
        splitter.finish();
        assertThat(lines).containsExactly("one", "two", "three", "", "four", "", "last").isEqualTo(readLines(text));
    }

    @Test
    void multiByteCharacter_splitAcrossFrames_staysWhole() {
        byte[] bytes = "päť €\n".getBytes(StandardCharsets.UTF_8);
        splitter.accept(java.util.Arrays.copyOfRange(bytes, 0, 2));
        splitter.accept(java.util.Arrays.copyOfRange(bytes, 2, 6));
        splitter.accept(java.util.Arrays.copyOfRange(bytes, 6, bytes.length));
        assertThat(lines).containsExactly("päť €");
    }

    @Test
    void finish_withoutPendingText_addsNothing() {
        splitter.accept("done\n".getBytes(StandardCharsets.UTF_8));
        splitter.finish();
        assertThat(lines).containsExactly("done");
    }
}
