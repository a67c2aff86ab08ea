package dev.sagebox.transform.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The fast path of {@code SplitType Line} with {@code MultiRecord} and no {@code InputFilter}: reads straight into one
 * staging array and cuts it at the last line end that fits the payload limit, so each byte is copied once into its
 * batch instead of once per line and again per batch. The batches are exactly those that {@link RecordReader} lines
 * joined greedily would give.
 */
public final class LineBatchReader {
    /** Whole lines: their bytes, the offset of the first, and how many there are. */
    public record Chunk(byte[] bytes, long offset, int lines) {
    }

    private final InputStream in;
    private byte[] stage;
    private int length;
    private long offset;
    private boolean eof;

    /** @param maxBytes the payload limit; the staging array holds one batch and one more byte */
    public LineBatchReader(InputStream in, int maxBytes) {
        this.in = in;
        this.stage = new byte[Math.min(maxBytes + 1, 1 << 20)];
    }

    /**
     * The next batch of whole lines of at most {@code maxBytes}; a single line longer than that comes alone (the
     * caller refuses it). Null at the end of the stream.
     */
    public Chunk next(int maxBytes) throws IOException {
        fill(maxBytes + 1);
        if (length == 0) {
            return null;
        }
        int cut = lastLineEnd(Math.min(length, maxBytes));
        if (eof && length <= maxBytes) {
            cut = length;
        } else if (cut == 0) {
            cut = firstLineEnd(maxBytes);
        }
        byte[] bytes = Arrays.copyOf(stage, cut);
        System.arraycopy(stage, cut, stage, 0, length - cut);
        length -= cut;
        Chunk chunk = new Chunk(bytes, offset, lines(bytes));
        offset += cut;
        return chunk;
    }

    /** Reads until the stage holds {@code want} bytes or the stream ends. */
    private void fill(int want) throws IOException {
        while (length < want && !eof) {
            if (length == stage.length) {
                stage = Arrays.copyOf(stage, (int) Math.min((long) stage.length * 2, Integer.MAX_VALUE - 16));
            }
            int read = in.read(stage, length, Math.min(stage.length, want) - length);
            if (read < 0) {
                eof = true;
            } else {
                length += read;
            }
        }
    }

    private int lastLineEnd(int within) {
        for (int i = within - 1; i >= 0; i--) {
            if (stage[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** The end of a first line longer than the limit, reading on until it ends. */
    private int firstLineEnd(int from) throws IOException {
        int i = from;
        while (true) {
            for (; i < length; i++) {
                if (stage[i] == '\n') {
                    return i + 1;
                }
            }
            if (eof) {
                return length;
            }
            fill(length + 65_536);
        }
    }

    private static int lines(byte[] bytes) {
        int lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? lines + 1 : lines;
    }
}
