package dev.sagebox.hosting.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.locks.ReentrantLock;

/** Free loopback ports for instances: one to serve on, plus a range of 20 for internal servers (§6.3). */
final class Ports {
    static final int SAFE_RANGE = 20;
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static int last;

    private Ports() {
    }

    /** A port the kernel just handed out; instances bind it moments later. */
    static int allocate() throws IOException {
        LOCK.lock();
        try {
            for (int attempt = 0; attempt < 16; attempt++) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    int port = socket.getLocalPort();
                    // Two instances starting together must not get the same ephemeral port back.
                    if (port != last) {
                        last = port;
                        return port;
                    }
                }
            }
            throw new IOException("no free port on the loopback interface");
        } finally {
            LOCK.unlock();
        }
    }

    /** {@code lo-hi}: a range of free ports, found by probing from a fresh ephemeral port. */
    static String safeRange() throws IOException {
        int start = allocate();
        int lo = Math.min(start, 65535 - SAFE_RANGE);
        return lo + "-" + (lo + SAFE_RANGE - 1);
    }
}
