package dev.sagebox.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies a stream to a file while computing MD5 and the asked checksums. MD5 runs at about the speed of a disk copy,
 * so for bodies over one buffer the digests run on a second (virtual) thread, fed the same buffers after they are
 * written: the upload then costs about max(receive + write, hash) instead of their sum.
 */
final class DigestingCopier {
    private static final int BUFFER = 1 << 20;
    private static final int BUFFERS = 4;
    private static final Block END = new Block(new byte[0], 0);

    private final FileChannel out;
    private final MessageDigest md5;
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Digester> digesters = new EnumMap<>(
            ChecksumAlgorithm.class);
    private long size;

    private record Block(byte[] bytes, int length) {
    }

    DigestingCopier(FileChannel out, boolean withMd5, Set<ChecksumAlgorithm> algorithms) {
        this.out = out;
        try {
            this.md5 = withMd5 ? MessageDigest.getInstance("MD5") : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
        algorithms.forEach(algorithm -> digesters.put(algorithm, algorithm.newDigester()));
    }

    /** Copies all of {@code in}; may be called again to append another stream. */
    void copy(InputStream in) throws IOException {
        byte[] first = new byte[BUFFER];
        int filled = fill(in, first);
        write(first, filled);
        if (filled < BUFFER) {
            digest(first, filled);
            return;
        }
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        BlockingQueue<Block> written = new ArrayBlockingQueue<>(BUFFERS + 1);
        for (int i = 1; i < BUFFERS; i++) {
            free.add(new byte[BUFFER]);
        }
        Throwable[] failure = new Throwable[1];
        Thread hasher = Thread.ofVirtual().name("sagebox-digest").start(() -> hashUntilEnd(free, written, failure));
        try {
            written.put(new Block(first, filled));
            while (filled == BUFFER) {
                byte[] buffer = free.take();
                filled = fill(in, buffer);
                write(buffer, filled);
                written.put(new Block(buffer, filled));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying an upload");
        } finally {
            finish(written, hasher);
        }
        if (failure[0] != null) {
            throw new IllegalStateException("computing digests failed", failure[0]);
        }
    }

    private void hashUntilEnd(BlockingQueue<byte[]> free, BlockingQueue<Block> written, Throwable[] failure) {
        try {
            Block block;
            while ((block = written.take()) != END) {
                digest(block.bytes(), block.length());
                free.put(block.bytes());
            }
        } catch (InterruptedException | RuntimeException e) {
            failure[0] = e;
        }
    }

    private static void finish(BlockingQueue<Block> written, Thread hasher) throws InterruptedIOException {
        try {
            // the queue holds one slot more than there are buffers, so END always fits
            written.put(END);
            hasher.join();
        } catch (InterruptedException e) {
            hasher.interrupt();
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

    private void digest(byte[] buffer, int length) {
        if (md5 != null) {
            md5.update(buffer, 0, length);
        }
        for (ChecksumAlgorithm.Digester digester : digesters.values()) {
            digester.update(buffer, 0, length);
        }
    }

    /** The digests of everything copied; call once, after the last {@link #copy}. */
    Digests digests() {
        Map<ChecksumAlgorithm, byte[]> values = new EnumMap<>(ChecksumAlgorithm.class);
        digesters.forEach((algorithm, digester) -> values.put(algorithm, digester.digest()));
        return new Digests(size, md5 == null ? new byte[0] : md5.digest(), values);
    }
}
