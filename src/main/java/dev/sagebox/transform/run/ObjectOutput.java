package dev.sagebox.transform.run;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The output of one input file while its batches are in flight: answers arrive in any order and are written to a
 * temp file in batch order; once the last batch is in (and the producer has said how many there are), the file is
 * published whole. An aborted output is deleted and never published.
 */
final class ObjectOutput {
    private final InputObject input;
    private final Path temp;
    private final OutputLocation location;
    private final Semaphore window;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, byte[]> early = new HashMap<>();
    private OutputStream out;
    private int nextSeq;
    private int total = -1;
    private long records;
    private boolean finished;

    /** @param window permits of batches not yet written; each delivered or dropped batch returns one */
    ObjectOutput(InputObject input, Path temp, OutputLocation location, Semaphore window) throws IOException {
        this.input = input;
        this.temp = temp;
        this.location = location;
        this.window = window;
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024);
    }

    InputObject input() {
        return input;
    }

    /**
     * Takes the answer of batch {@code seq}.
     *
     * @return true when this completed the output and it was published
     */
    boolean deliver(int seq, byte[] bytes, int recordCount) throws IOException {
        lock.lock();
        try {
            if (finished) {
                window.release();
                return false;
            }
            records += recordCount;
            early.put(seq, bytes);
            for (byte[] next = early.remove(nextSeq); next != null; next = early.remove(nextSeq)) {
                out.write(next);
                nextSeq++;
                window.release();
            }
            return publishIfComplete();
        } finally {
            lock.unlock();
        }
    }

    /** The producer has cut the whole file: {@code batches} batches in all. */
    boolean producedAll(int batches) throws IOException {
        lock.lock();
        try {
            total = batches;
            return publishIfComplete();
        } finally {
            lock.unlock();
        }
    }

    long records() {
        return records;
    }

    private boolean publishIfComplete() throws IOException {
        if (finished || total < 0 || nextSeq < total) {
            return false;
        }
        finished = true;
        out.close();
        out = null;
        location.publish(input.relative(), temp);
        return true;
    }

    /** Drops the output: nothing of it is published. Safe to call after completion. */
    void abort() {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            window.release(early.size());
            early.clear();
            if (out != null) {
                out.close();
            }
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the temp file lives in the job's work directory, which is removed at the end
        } finally {
            lock.unlock();
        }
    }
}
