package dev.sagebox.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * A request body that sends its first {@code stallAt} bytes, then waits until released and fails, so a test can
 * kill the server while a request body is exactly half-way through.
 */
final class StallingStream extends InputStream {
    private final byte[] data;
    private final int stallAt;
    private final CountDownLatch stalled;
    private final CountDownLatch release;
    private int position;

    StallingStream(byte[] data, int stallAt, CountDownLatch stalled, CountDownLatch release) {
        this.data = data;
        this.stallAt = stallAt;
        this.stalled = stalled;
        this.release = release;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (position == stallAt) {
            stall();
        }
        if (position >= data.length) {
            return -1;
        }
        int count = Math.min(length, Math.min(stallAt, data.length) - position);
        System.arraycopy(data, position, buffer, offset, count);
        position += count;
        return count;
    }

    private void stall() throws IOException {
        stalled.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("request body abandoned: the server was killed");
    }
}
