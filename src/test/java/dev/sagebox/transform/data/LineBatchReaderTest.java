package dev.sagebox.transform.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineBatchReaderTest {
    /** The batches that joining {@link RecordReader} lines greedily under {@code max} gives: the reference. */
    private static List<String> greedy(byte[] input, int max) throws IOException {
        RecordReader reader = new RecordReader(new ByteArrayInputStream(input), "Line");
        List<String> batches = new ArrayList<>();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (RecordReader.Record r = reader.next(); r != null; r = reader.next()) {
            if (pending.size() > 0 && pending.size() + r.bytes().length > max) {
                batches.add(pending.toString(StandardCharsets.ISO_8859_1));
                pending.reset();
            }
            pending.writeBytes(r.bytes());
        }
        if (pending.size() > 0) {
            batches.add(pending.toString(StandardCharsets.ISO_8859_1));
        }
        return batches;
    }

    private static List<String> fast(byte[] input, int max) throws IOException {
        LineBatchReader reader = new LineBatchReader(new ByteArrayInputStream(input), max);
        List<String> batches = new ArrayList<>();
        long offset = 0;
        for (LineBatchReader.Chunk c = reader.next(max); c != null; c = reader.next(max)) {
            assertThat(c.offset()).isEqualTo(offset);
            offset += c.bytes().length;
            batches.add(new String(c.bytes(), StandardCharsets.ISO_8859_1));
        }
        return batches;
    }

    @Test
    void batches_areExactlyGreedyWholeLines_forRandomLinesAndLimits() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int lines = random.nextInt(60);
            for (int i = 0; i < lines; i++) {
                text.append("x".repeat(random.nextInt(40))).append(random.nextInt(10) == 0 && i == lines - 1 ? ""
                        : "\n");
            }
            byte[] input = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            int max = 40 + random.nextInt(200);
            assertThat(fast(input, max)).as("round %d, max %d", round, max).isEqualTo(greedy(input, max));
        }
    }

    @Test
    void aLineOverTheLimit_comesAlone_soTheCallerCanRefuseIt() throws IOException {
        List<String> batches = fast(("ab\n" + "y".repeat(5000) + "\ncd\n").getBytes(StandardCharsets.UTF_8), 100);

        assertThat(batches).hasSize(3);
        assertThat(batches.get(1)).hasSize(5001);
    }

    @Test
    void lineCount_countsAFinalLineWithoutNewline() throws IOException {
        LineBatchReader reader = new LineBatchReader(new ByteArrayInputStream("a\nb\nc".getBytes(
                StandardCharsets.UTF_8)), 1000);
        assertThat(reader.next(1000).lines()).isEqualTo(3);
        assertThat(reader.next(1000)).isNull();
    }
}
