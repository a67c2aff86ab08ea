package dev.sagebox.transform.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a (decompressed) byte stream into records by {@code SplitType} (CONTRACTS §8.1), keeping every byte: a line
 * keeps its {@code \n}, and RecordIO and TFRecord records keep their framing, so a MultiRecord batch is the same
 * bytes as the input. Each record carries its byte offset in the stream, for error messages.
 */
public final class RecordReader {
    /** One record: its bytes and where they start in the stream. */
    public record Record(byte[] bytes, long offset) {
    }

    private static final int RECORDIO_MAGIC = 0xced7230a;
    private final InputStream in;
    private final String splitType;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long offset;
    private boolean done;

    /** @param splitType None, Line, RecordIO or TFRecord */
    public RecordReader(InputStream in, String splitType) {
        this.in = in;
        this.splitType = splitType == null ? "None" : splitType;
    }

    /** The next record, or null at the end of the stream. */
    public Record next() throws IOException {
        if (done) {
            return null;
        }
        long start = offset;
        byte[] bytes = switch (splitType) {
            case "Line" -> line();
            case "RecordIO" -> recordIo();
            case "TFRecord" -> tfRecord();
            default -> whole();
        };
        if (bytes == null) {
            done = true;
            return null;
        }
        return new Record(bytes, start);
    }

    private byte[] whole() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (fill()) {
            all.write(buffer, position, limit - position);
            offset += limit - position;
            position = limit;
        }
        done = true;
        return all.size() == 0 ? null : all.toByteArray();
    }

    private byte[] line() throws IOException {
        ByteArrayOutputStream spill = null;
        while (fill()) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    byte[] part = Arrays.copyOfRange(buffer, position, i + 1);
                    offset += part.length;
                    position = i + 1;
                    if (spill == null) {
                        return part;
                    }
                    spill.write(part);
                    return spill.toByteArray();
                }
            }
            if (spill == null) {
                spill = new ByteArrayOutputStream();
            }
            spill.write(buffer, position, limit - position);
            offset += limit - position;
            position = limit;
        }
        return spill == null || spill.size() == 0 ? null : spill.toByteArray();
    }

    /** MXNet RecordIO: LE magic, LE u32 whose low 29 bits are the length, data padded to 4 bytes. */
    private byte[] recordIo() throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        while (true) {
            byte[] head = exactly(8, frames.size() == 0);
            if (head == null) {
                return null;
            }
            if (le32(head, 0) != RECORDIO_MAGIC) {
                throw new IOException("not a RecordIO record at byte offset " + (offset - 8)
                        + ": the magic number 0xced7230a is missing");
            }
            int word = le32(head, 4);
            int length = word & ((1 << 29) - 1);
            int flag = word >>> 29;
            frames.write(head);
            frames.write(exactly(length + (4 - length % 4) % 4, false));
            // Flag 0 is a whole record, 1 starts a split one that continues until flag 3.
            if (flag == 0 || flag == 3) {
                return frames.toByteArray();
            }
        }
    }

    /** TFRecord: LE u64 length, masked CRC of it, data, masked CRC of the data. */
    private byte[] tfRecord() throws IOException {
        byte[] head = exactly(12, true);
        if (head == null) {
            return null;
        }
        long length = (le32(head, 0) & 0xffffffffL) | ((long) le32(head, 4) << 32);
        if (length < 0 || length > Integer.MAX_VALUE - 32) {
            throw new IOException("TFRecord at byte offset " + (offset - 12) + " claims " + length + " bytes");
        }
        byte[] rest = exactly((int) length + 4, false);
        byte[] whole = Arrays.copyOf(head, 12 + rest.length);
        System.arraycopy(rest, 0, whole, 12, rest.length);
        return whole;
    }

    /** Exactly {@code n} bytes; null at a clean end of stream when {@code endAllowed}, else EOFException. */
    private byte[] exactly(int n, boolean endAllowed) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            if (!fill()) {
                if (got == 0 && endAllowed) {
                    return null;
                }
                throw new EOFException("the input ends inside a " + splitType + " record, at byte offset "
                        + (offset));
            }
            int take = Math.min(n - got, limit - position);
            System.arraycopy(buffer, position, out, got, take);
            position += take;
            got += take;
            offset += take;
        }
        return out;
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
