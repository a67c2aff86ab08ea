package dev.sagebox.protocol.s3;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/** Streams a stored file into a response in large direct buffers, blocking the (virtual) thread per write. */
final class FileBodies {
    private static final int BUFFER = 1 << 20;

    private FileBodies() {
    }

    /** A stream over {@code length} bytes of a file from {@code offset}, without touching the channel's position. */
    static InputStream slice(FileChannel channel, long offset, long length) {
        return new InputStream() {
            private long position = offset;
            private final long end = offset + length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (position >= end) {
                    return -1;
                }
                int n = channel.read(ByteBuffer.wrap(buffer, off, (int) Math.min(len, end - position)), position);
                if (n < 0) {
                    throw new EOFException("stored file is shorter than its index record");
                }
                position += n;
                return n;
            }
        };
    }

    static void send(Response response, Callback callback, FileChannel channel, long offset, long length)
            throws IOException {
        if (length == 0) {
            response.write(true, null, callback);
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(length, BUFFER));
        long position = offset;
        long end = offset + length;
        while (position < end) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), end - position));
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new EOFException("stored file is shorter than its index record");
                }
            }
            position += buffer.position();
            buffer.flip();
            boolean last = position >= end;
            try (Blocker.Callback written = Blocker.callback()) {
                response.write(last, buffer, written);
                written.block();
            }
        }
        callback.succeeded();
    }
}
