package dev.sagebox.hosting.serve;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A container connection's input with its own buffer, so an answer's head is split into lines in place. Reading the
 * head byte by byte through a {@code BufferedInputStream} took its lock per byte and a {@code StringBuilder} per
 * line, which showed up among InvokeEndpoint's hottest frames. Not thread-safe: one exchange at a time owns it.
 */
final class AnswerInput extends InputStream {
    static final int MAX_HEADER_LINE = 16 * 1024;

    private final InputStream in;
    private final ConnectionWatchdog.Deadline deadline;
    private final byte[] buffer = new byte[MAX_HEADER_LINE];
    private int position;
    private int limit;

    /** @param deadline extended by every read that brings data */
    AnswerInput(InputStream in, ConnectionWatchdog.Deadline deadline) {
        this.in = in;
        this.deadline = deadline;
    }

    private int fill(byte[] target, int offset, int length) throws IOException {
        int n = in.read(target, offset, length);
        if (n > 0) {
            deadline.extend();
        }
        return n;
    }

    /**
     * One CRLF- or LF-terminated line without its terminator. At the first line of an answer, EOF before any byte
     * means the pooled connection had gone stale ({@link EOFException}, which the caller retries).
     */
    String line(boolean first) throws IOException {
        int scanned = position;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
                    position = i + 1;
                    return line;
                }
            }
            scanned = limit - position;
            compact();
            if (limit == buffer.length) {
                throw new IOException("the container's answer has a header line over " + MAX_HEADER_LINE + " bytes");
            }
            int n = fill(buffer, limit, buffer.length - limit);
            if (n < 0) {
                if (first && limit == 0) {
                    throw new EOFException("connection closed");
                }
                throw new IOException("the container closed the connection in the middle of its answer");
            }
            limit += n;
        }
    }

    private void compact() {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
    }

    @Override
    public int read() throws IOException {
        if (position == limit) {
            position = 0;
            limit = Math.max(0, fill(buffer, 0, buffer.length));
            if (limit == 0) {
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit) {
            // Large bodies go straight from the socket into the caller's array.
            return fill(target, offset, length);
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return limit - position + in.available();
    }
}
