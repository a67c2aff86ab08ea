package dev.sagebox.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plain HTTP/1.1 over a kept-alive socket per thread: unsigned requests with {@code UNSIGNED-PAYLOAD} (accepted
 * while auth is off), no checksums, bodies written from and read into memory with no copies beyond the socket's.
 * This is the server's own cost with as little client work as possible; the JDK's HttpClient was itself the
 * bottleneck for large bodies.
 */
final class RawHttpTransfer implements Transfer {
    private static final int BUFFER = 1 << 16;

    private final String host;
    private final int port;
    private final List<Connection> all = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();

    RawHttpTransfer(URI endpoint) {
        this.host = endpoint.getHost();
        this.port = endpoint.getPort();
    }

    @Override
    public String name() {
        return "raw HTTP/1.1 socket (unsigned, no checksum)";
    }

    void createBucket(String bucket) throws IOException {
        exchange("PUT", "/" + bucket, new byte[0], OutputStream.nullOutputStream());
    }

    @Override
    public void put(String bucket, String key, byte[] data) throws IOException {
        exchange("PUT", "/" + bucket + "/" + key, data, OutputStream.nullOutputStream());
    }

    @Override
    public long get(String bucket, String key) throws IOException {
        return exchange("GET", "/" + bucket + "/" + key, null, OutputStream.nullOutputStream());
    }

    @Override
    public byte[] getBytes(String bucket, String key) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        exchange("GET", "/" + bucket + "/" + key, null, body);
        return body.toByteArray();
    }

    static long drain(InputStream in) throws IOException {
        return in.transferTo(OutputStream.nullOutputStream());
    }

    /** Sends one request and copies the response body to {@code sink}; returns the body's length. */
    private long exchange(String method, String path, byte[] body, OutputStream sink) throws IOException {
        Connection c = connection();
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n")
                    .append("x-amz-content-sha256: UNSIGNED-PAYLOAD\r\n");
        }
        c.out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            c.out.write(body);
        }
        c.out.flush();
        String status = c.line();
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line; !(line = c.line()).isEmpty(); ) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        boolean ok = status.startsWith("HTTP/1.1 2");
        long read = chunked ? c.readChunked(ok ? sink : error) : c.readFixed(Math.max(length, 0), ok ? sink : error);
        if (close) {
            c.close();
            connection.remove();
        }
        if (!ok) {
            throw new IOException(method + " " + path + ": " + status + " " + error.toString(StandardCharsets.UTF_8));
        }
        return read;
    }

    private Connection connection() throws IOException {
        Connection c = connection.get();
        if (c == null) {
            c = new Connection(new Socket(host, port));
            connection.set(c);
            all.add(c);
        }
        return c;
    }

    @Override
    public void close() {
        all.forEach(Connection::close);
    }

    /** One kept-alive connection, used by one thread at a time. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        }

        String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        long readFixed(long length, OutputStream sink) throws IOException {
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("connection closed with " + left + " body bytes to go");
                }
                sink.write(buffer, 0, n);
                left -= n;
            }
            return length;
        }

        long readChunked(OutputStream sink) throws IOException {
            long total = 0;
            for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                total += readFixed(size, sink);
                line();
            }
            while (!line().isEmpty()) {
                // Trailer fields, if any, end with an empty line.
            }
            return total;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing at the end of the run; nothing to do about it.
            }
        }
    }
}
