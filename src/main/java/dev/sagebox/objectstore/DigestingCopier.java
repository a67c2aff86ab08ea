package dev.sagebox.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ObjIntConsumer;

/**
 * Copies a stream to a file while computing MD5 and the asked checksums. MD5 runs at about the speed of a disk copy,
 * so for bodies over one buffer each digest runs on a (virtual) thread of its own, fed the same buffers after they
 * are written: the upload then costs about max(receive + write, slowest digest) instead of their sum.
 */
final class DigestingCopier {
    private static final int BUFFER = 1 << 20;
    private static final int BUFFERS = 4;
    private static final Block END = new Block(new byte[0], 0, new AtomicInteger());

    private final FileChannel out;
    private final MessageDigest md5;
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Digester> digesters = new EnumMap<>(
            ChecksumAlgorithm.class);
    /** One lane per digest: MD5 and SHA-256 (botocore over http sends both) then run side by side. */
    private final List<ObjIntConsumer<byte[]>> lanes = new ArrayList<>();
    private long size;

    /** A written buffer; it returns to the free pool once every lane has digested it. */
    private record Block(byte[] bytes, int length, AtomicInteger pending) {
    }

    DigestingCopier(FileChannel out, boolean withMd5, Set<ChecksumAlgorithm> algorithms) {
        this.out = out;
        try {
            this.md5 = withMd5 ? MessageDigest.getInstance("MD5") : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
        if (md5 != null) {
            lanes.add((bytes, length) -> md5.update(bytes, 0, length));
        }
        for (ChecksumAlgorithm algorithm : algorithms) {
            ChecksumAlgorithm.Digester digester = algorithm.newDigester();
            digesters.put(algorithm, digester);
            lanes.add((bytes, length) -> digester.update(bytes, 0, length));
        }
    }

    /** Copies all of {@code in}; may be called again to append another stream. */
    void copy(InputStream in) throws IOException {
        byte[] first = new byte[BUFFER];
        int filled = fill(in, first);
        write(first, filled);
        if (filled < BUFFER || lanes.isEmpty()) {
            for (ObjIntConsumer<byte[]> lane : lanes) {
                lane.accept(first, filled);
            }
            if (filled == BUFFER) {
                copyWithoutDigests(in, first);
            }
            return;
        }
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        for (int i = 1; i < BUFFERS; i++) {
            free.add(new byte[BUFFER]);
        }
        List<BlockingQueue<Block>> queues = new ArrayList<>();
        List<Thread> hashers = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (ObjIntConsumer<byte[]> lane : lanes) {
            // one slot more than there are buffers, so END always fits
            BlockingQueue<Block> queue = new ArrayBlockingQueue<>(BUFFERS + 1);
            queues.add(queue);
            hashers.add(Thread.ofVirtual().name("sagebox-digest").start(
                    () -> hashUntilEnd(lane, queue, free, failure)));
        }
        try {
            hand(queues, first, filled);
            while (filled == BUFFER) {
                byte[] buffer = free.take();
                filled = fill(in, buffer);
                write(buffer, filled);
                hand(queues, buffer, filled);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying an upload");
        } finally {
            finish(queues, hashers);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("computing digests failed", failure.get());
        }
    }

    private void copyWithoutDigests(InputStream in, byte[] buffer) throws IOException {
        int filled;
        do {
            filled = fill(in, buffer);
            write(buffer, filled);
        } while (filled == buffer.length);
    }

    private void hand(List<BlockingQueue<Block>> queues, byte[] buffer, int length) throws InterruptedException {
        Block block = new Block(buffer, length, new AtomicInteger(queues.size()));
        for (BlockingQueue<Block> queue : queues) {
            queue.put(block);
        }
    }

    /** Digests blocks until END; after a failure it keeps releasing buffers so the copier never waits forever. */
    private static void hashUntilEnd(ObjIntConsumer<byte[]> lane, BlockingQueue<Block> queue,
                                     BlockingQueue<byte[]> free, AtomicReference<Throwable> failure) {
        try {
            Block block;
            while ((block = queue.take()) != END) {
                try {
                    if (failure.get() == null) {
                        lane.accept(block.bytes(), block.length());
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
                if (block.pending().decrementAndGet() == 0) {
                    free.put(block.bytes());
                }
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
        }
    }

    private static void finish(List<BlockingQueue<Block>> queues, List<Thread> hashers)
            throws InterruptedIOException {
        try {
            for (BlockingQueue<Block> queue : queues) {
                queue.put(END);
            }
            for (Thread hasher : hashers) {
                hasher.join();
            }
        } catch (InterruptedException e) {
            hashers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing digests");
        }
    }

    /** Reads until the buffer is full or the stream ends: fewer, larger writes keep the copy near disk speed. */
    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        int n;
        while (filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) >= 0) {
            filled += n;
        }
        return filled;
    }

    private void write(byte[] buffer, int length) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
        while (chunk.hasRemaining()) {
            out.write(chunk);
        }
        size += length;
    }

    /** The digests of everything copied; call once, after the last {@link #copy}. */
    Digests digests() {
        Map<ChecksumAlgorithm, byte[]> values = new EnumMap<>(ChecksumAlgorithm.class);
        digesters.forEach((algorithm, digester) -> values.put(algorithm, digester.digest()));
        return new Digests(size, md5 == null ? new byte[0] : md5.digest(), values);
    }
}
