package dev.sagebox.hosting.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Loopback ports for instances: one to serve on, followed by a range of 20 for internal servers (§6.3), handed out
 * as one block.
 *
 * <p>Blocks come from a cursor that walks {@code 20000..31999}, below Linux's ephemeral range (32768 and up), and
 * every port of a block is checked free. Asking the kernel for port 0 instead hands back ephemeral ports, which an
 * outgoing connection (our own pooled ones to instances included) can take between the check and the instance's
 * bind, and which the kernel gladly gives twice to two instances starting together.
 *
 * <p>Every Sagebox process starts its cursor at the same place, so two servers on one machine (a test run beside
 * {@code sagebox up}) would pick the same free block at the same moment; the first instance to bind wins, and the
 * other server's readiness check then reaches the winner's {@code /ping} and routes its invocations there. A block
 * is therefore claimed with a lock file in {@code <tmp>/sagebox-ports/} that this process holds until it exits.
 */
final class Ports {
    static final int SAFE_RANGE = 20;
    private static final int BLOCK = SAFE_RANGE + 1;
    private static final Ports SHARED = new Ports(Path.of(System.getProperty("java.io.tmpdir"), "sagebox-ports"),
            20_000, 32_000);

    private final ReentrantLock lock = new ReentrantLock();
    private final Path lockDir;
    private final int first;
    private final int last;
    /** Blocks this process has claimed, by first port; whether an old instance still holds one is checked anew. */
    private final Map<Integer, FileLock> claimed = new HashMap<>();
    private int cursor;

    /** A serving port and the {@code lo-hi} range right after it. */
    record Block(int port, String safeRange) {
    }

    Ports(Path lockDir, int first, int last) {
        this.lockDir = lockDir;
        this.first = first;
        this.last = last;
        this.cursor = first;
    }

    /** The next block whose ports are all free now; the cursor moves on, so blocks are not reused soon. */
    static Block allocate() throws IOException {
        return SHARED.next();
    }

    Block next() throws IOException {
        lock.lock();
        try {
            for (int tried = 0; tried < (last - first) / BLOCK; tried++) {
                int port = cursor;
                cursor = cursor + BLOCK + BLOCK > last ? first : cursor + BLOCK;
                if (claim(port) && allFree(port, BLOCK)) {
                    return new Block(port, (port + 1) + "-" + (port + SAFE_RANGE));
                }
            }
            throw new IOException("no free block of " + BLOCK + " ports between " + first + " and " + last);
        } finally {
            lock.unlock();
        }
    }

    /** Whether no other Sagebox process has claimed the block starting at {@code port}; claims it if so. */
    private boolean claim(int port) {
        if (claimed.containsKey(port)) {
            return true;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(lockDir);
            channel = FileChannel.open(lockDir.resolve(port + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held = channel.tryLock();
            if (held == null) {
                channel.close();
                return false;
            }
            claimed.put(port, held);
            return true;
        } catch (OverlappingFileLockException e) {
            // Another allocator in this very process holds it.
            closeQuietly(channel);
            return false;
        } catch (IOException e) {
            // A lock directory we may not write (another user's): the free check alone decides, as before.
            closeQuietly(channel);
            return true;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was claimed through it
            }
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
