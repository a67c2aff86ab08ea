package dev.sagebox.jobs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/** The last lines a workload printed, kept for a failure reason that diagnoses instead of "see the logs". */
public final class OutputTail {
    private final int maxLines;
    private final Deque<String> lines = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    public OutputTail(int maxLines) {
        this.maxLines = maxLines;
    }

    public void add(String line) {
        lock.lock();
        try {
            lines.addLast(line);
            if (lines.size() > maxLines) {
                lines.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The kept lines joined by newlines, or null when nothing was printed. */
    public String text() {
        lock.lock();
        try {
            return lines.isEmpty() ? null : String.join("\n", lines);
        } finally {
            lock.unlock();
        }
    }
}
