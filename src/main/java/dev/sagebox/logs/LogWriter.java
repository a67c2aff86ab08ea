package dev.sagebox.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log stream open for appending: each line becomes one event, stamped with the time it was received, and lines
 * keep their arrival order. Safe to share between threads; the locks are ReentrantLocks because appenders are
 * usually virtual threads pumping a container's output, and a flush blocks on the database.
 */
public final class LogWriter implements AutoCloseable {
    /** AWS's largest event: 256 KiB less the 26 bytes it counts per event. */
    static final int MAX_MESSAGE_CHARS = 256 * 1024 - 26;
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final LogShipper shipper;
    private final long streamId;
    private final int batchLines;
    private final ReentrantLock bufferLock = new ReentrantLock();
    /** Held across taking a batch and storing it, so two flushes never store batches out of order. */
    private final ReentrantLock flushLock = new ReentrantLock();
    private List<LogStore.NewEvent> buffer = new ArrayList<>();
    private boolean closed;

    LogWriter(LogShipper shipper, long streamId, int batchLines) {
        this.shipper = shipper;
        this.streamId = streamId;
        this.batchLines = batchLines;
    }

    /**
     * Appends one line as one event; a trailing {@code \n} (or {@code \r\n}) is removed. Lines longer than AWS's
     * event size are split into several events.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void append(String line) {
        long receivedAt = shipper.clock().millis();
        String message = withoutLineEnd(line);
        boolean wasEmpty;
        boolean full;
        bufferLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("log writer is closed");
            }
            wasEmpty = buffer.isEmpty();
            for (int start = 0; start == 0 || start < message.length(); start += MAX_MESSAGE_CHARS) {
                String part = message.substring(start, Math.min(message.length(), start + MAX_MESSAGE_CHARS));
                buffer.add(new LogStore.NewEvent(receivedAt, part));
            }
            full = buffer.size() >= batchLines;
        } finally {
            bufferLock.unlock();
        }
        if (full) {
            flush();
        } else if (wasEmpty) {
            shipper.scheduleFlush(this, receivedAt);
        }
    }

    /**
     * Appends every line of {@code output} until it ends (UTF-8; {@code \n}, {@code \r\n} or a lone {@code \r} end a
     * line), passing each line to {@code observer} too (metric scraping). The stream is not closed.
     *
     * @return the number of lines read
     */
    public long copyLines(InputStream output, Consumer<String> observer) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
        long count = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            append(line);
            observer.accept(line);
            count++;
        }
        return count;
    }

    /** Stores every buffered line now, in one transaction. */
    public void flush() {
        flushLock.lock();
        try {
            List<LogStore.NewEvent> batch;
            bufferLock.lock();
            try {
                if (buffer.isEmpty()) {
                    return;
                }
                batch = buffer;
                buffer = new ArrayList<>();
            } finally {
                bufferLock.unlock();
            }
            shipper.store().append(streamId, batch, shipper.clock().millis());
        } finally {
            flushLock.unlock();
        }
    }

    void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not store log lines; they are lost", e);
        }
    }

    /** Stores what is buffered; appends after this fail. Closing twice is harmless. */
    @Override
    public void close() {
        bufferLock.lock();
        try {
            closed = true;
        } finally {
            bufferLock.unlock();
        }
        try {
            flush();
        } finally {
            shipper.forget(this);
        }
    }

    private static String withoutLineEnd(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && line.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return line.substring(0, end);
    }
}
