package dev.sagebox.hosting.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Loopback ports for instances: one to serve on, followed by a range of 20 for internal servers (§6.3), handed out
 * as one block.
 *
 * <p>Blocks come from a cursor that walks {@code 20000..31999}, below Linux's ephemeral range (32768 and up), and
 * every port of a block is checked free. Asking the kernel for port 0 instead hands back ephemeral ports, which an
 * outgoing connection (our own pooled ones to instances included) can take between the check and the instance's
 * bind, and which the kernel gladly gives twice to two instances starting together.
 */
final class Ports {
    static final int SAFE_RANGE = 20;
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final int BLOCK = SAFE_RANGE + 1;
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static int cursor = FIRST;

    /** A serving port and the {@code lo-hi} range right after it. */
    record Block(int port, String safeRange) {
    }

    private Ports() {
    }

    /** The next block whose ports are all free now; the cursor moves on, so blocks are not reused soon. */
    static Block allocate() throws IOException {
        LOCK.lock();
        try {
            for (int tried = 0; tried < (LAST - FIRST) / BLOCK; tried++) {
                int port = cursor;
                cursor = cursor + BLOCK + BLOCK > LAST ? FIRST : cursor + BLOCK;
                if (allFree(port, BLOCK)) {
                    return new Block(port, (port + 1) + "-" + (port + SAFE_RANGE));
                }
            }
            throw new IOException("no free block of " + BLOCK + " ports between " + FIRST + " and " + LAST);
        } finally {
            LOCK.unlock();
        }
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (!isFree(port)) {
                return false;
            }
        }
        return true;
    }

    /** Free on the wildcard address too: a container or server may bind 0.0.0.0. */
    private static boolean isFree(int port) {
        try (ServerSocket loopback = new ServerSocket()) {
            loopback.setReuseAddress(false);
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket any = new ServerSocket()) {
            any.setReuseAddress(false);
            any.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
