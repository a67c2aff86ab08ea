package dev.sagebox.logs;

import dev.sagebox.aws.Region;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores workload output as CloudWatch Logs events: job runners open one {@link LogWriter} per container stream and
 * append each line. Lines are buffered and written in batches, at the latest {@link #DEFAULT_FLUSH_INTERVAL} after
 * they arrive, so readers such as {@code sagebox logs --follow} see them promptly without one transaction per line.
 */
public final class LogShipper implements AutoCloseable {
    /** How long a line may wait in a buffer before it is stored. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(150);
    /** A buffer this full is stored at once, by the appending thread. */
    public static final int DEFAULT_BATCH_LINES = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);

    private final LogStore store;
    private final Clock clock;
    private final Duration flushInterval;
    private final int batchLines;
    private final Set<LogWriter> open = ConcurrentHashMap.newKeySet();
    /** Writers that have buffered lines, each with the time by which it must be flushed. */
    private final BlockingQueue<Due> due = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean closed;

    LogShipper(LogStore store, Clock clock, Duration flushInterval, int batchLines) {
        this.store = store;
        this.clock = clock;
        this.flushInterval = flushInterval;
        this.batchLines = batchLines;
        this.flusher = Thread.ofVirtual().name("sagebox-log-flusher").unstarted(this::flushWhenDue);
        flusher.start();
    }

    /**
     * Opens a writer on a stream, creating the log group and the stream when they do not exist yet (a stream is
     * created when its container starts, CONTRACTS.md §9.1). Several writers may share a stream.
     */
    public LogWriter openStream(Region region, String group, String stream) {
        if (closed) {
            throw new IllegalStateException("the log shipper is closed");
        }
        Validation.of().groupName("logGroupName", group).streamName("logStreamName", stream).check();
        long streamId = store.ensureStream(region, group, stream, clock.millis());
        LogWriter writer = new LogWriter(this, streamId, batchLines);
        open.add(writer);
        return writer;
    }

    LogStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    /** Called by a writer whose buffer just stopped being empty. */
    void scheduleFlush(LogWriter writer, long bufferedAtMillis) {
        due.add(new Due(writer, bufferedAtMillis + flushInterval.toMillis()));
    }

    void forget(LogWriter writer) {
        open.remove(writer);
    }

    /** Writers enter the queue in the order their first line arrived, so their deadlines come in order too. */
    private void flushWhenDue() {
        while (!closed) {
            try {
                Due next = due.take();
                long wait = next.deadlineMillis() - clock.millis();
                if (wait > 0) {
                    TimeUnit.MILLISECONDS.sleep(wait);
                }
                next.writer().flushQuietly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stores what every open writer still buffers and closes them; later appends fail. */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        try {
            flusher.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LogWriter writer : Set.copyOf(open)) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                LOG.warn("could not store the last lines of a log stream", e);
            }
        }
    }

    private record Due(LogWriter writer, long deadlineMillis) {
    }
}
