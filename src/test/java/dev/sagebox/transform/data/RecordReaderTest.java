package dev.sagebox.transform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordReaderTest {
    private static List<RecordReader.Record> all(byte[] bytes, String split) throws IOException {
        RecordReader reader = new RecordReader(new ByteArrayInputStream(bytes), split);
        List<RecordReader.Record> records = new ArrayList<>();
        for (RecordReader.Record r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }

    private static String text(RecordReader.Record r) {
        return new String(r.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void line_keepsEachNewline_lastLineWithoutOne_andOffsetsAreBytes() throws IOException {
        List<RecordReader.Record> records = all("a,1\r\nbé\n\nlast".getBytes(StandardCharsets.UTF_8), "Line");

        assertThat(records).extracting(RecordReaderTest::text).containsExactly("a,1\r\n", "bé\n", "\n", "last");
        assertThat(records).extracting(RecordReader.Record::offset).containsExactly(0L, 5L, 9L, 10L);
    }

    @Test
    void line_longerThanTheReadBuffer_isOneRecord() throws IOException {
        String longLine = "x".repeat(200_000) + "\n";
        List<RecordReader.Record> records = all((longLine + "y\n").getBytes(StandardCharsets.UTF_8), "Line");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).bytes()).hasSize(200_001);
        assertThat(records.get(1).offset()).isEqualTo(200_001L);
    }

    /** A stream that hands out at most 7 bytes per read, as a slow decompressor may. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
    }

    @Test
    void none_isTheWholeStream_andEmptyHasNoRecord() throws IOException {
        byte[] bytes = new byte[100_000];
        bytes[5] = '\n';
        RecordReader reader = new RecordReader(trickle(bytes), "None");
        assertThat(reader.next().bytes()).isEqualTo(bytes);
        assertThat(reader.next()).isNull();
        assertThat(all(new byte[0], "None")).isEmpty();
    }

    static byte[] recordIo(int flag, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (4 - data.length % 4) % 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xced7230a).putInt(flag << 29 | data.length).put(data);
        return b.array();
    }

    @Test
    void recordIo_framesWithPadding_andSplitRecordsJoined() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        byte[] first = recordIo(0, new byte[] {1, 2, 3, 4, 5});
        byte[] start = recordIo(1, new byte[] {'\n', 0});
        byte[] end = recordIo(3, new byte[] {9, 9, 9, 9});
        in.writeBytes(first);
        in.writeBytes(start);
        in.writeBytes(end);

        List<RecordReader.Record> records = all(in.toByteArray(), "RecordIO");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).bytes()).isEqualTo(first).hasSize(16);
        assertThat(records.get(1).offset()).isEqualTo(16L);
        assertThat(records.get(1).bytes()).hasSize(start.length + end.length);
    }

    @Test
    void recordIo_withoutMagic_orTruncated_isAnErrorWithTheOffset() {
        assertThatThrownBy(() -> all(new byte[12], "RecordIO")).hasMessageContaining("magic number")
                .hasMessageContaining("byte offset 0");
        byte[] whole = recordIo(0, new byte[10]);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> all(cut, "RecordIO")).hasMessageContaining("ends inside a RecordIO record");
    }

    @Test
    void tfRecord_isLengthCrcDataCrc() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int n : new int[] {3, 0, 70_000}) {
            ByteBuffer b = ByteBuffer.allocate(16 + n).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(n).putInt(0x12345678).put(new byte[n]).putInt(0x0badcafe);
            in.writeBytes(b.array());
        }

        List<RecordReader.Record> records = all(in.toByteArray(), "TFRecord");

        assertThat(records).extracting(r -> r.bytes().length).containsExactly(19, 16, 70_016);
        assertThat(records).extracting(RecordReader.Record::offset).containsExactly(0L, 19L, 35L);
    }
}
