package dev.sagebox.hosting.serve;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A pool of keep-alive HTTP/1.1 connections to one instance, on plain sockets with TCP_NODELAY, writing a small
 * request's head and body in one write. Reads block untimed; {@link ConnectionWatchdog} enforces the timeouts. A
 * general client adds measurable latency on this path (InvokeEndpoint's goal is 0.2 ms added at p50), and the
 * container protocol needs only POST with Content-Length.
 */
final class InstanceConnections implements AutoCloseable {
    /** A container's answer: status, headers by lower-cased name, body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * Takes a 2xx answer's body block by block as it arrives (InvokeEndpointWithResponseStream); any other status
     * is read whole, for the ModelError.
     */
    interface BodyStream {
        /** The answer's head arrived with a 2xx status; called before the first block. */
        void begin(Map<String, String> headers) throws IOException;

        /** A block of at most {@link #MAX_BLOCK} bytes, as the container sent it. */
        void block(byte[] bytes, int offset, int length) throws IOException;
    }

    static final int MAX_BLOCK = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Bodies up to this are copied behind the head and written with it. */
    private static final int JOIN_LIMIT = 64 * 1024;
    private final InetSocketAddress address;
    private final String host;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private record Connection(Socket socket, AnswerInput in, OutputStream out, ConnectionWatchdog.Deadline deadline) {
        void close() {
            deadline.close();
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    InstanceConnections(int port) {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.host = "127.0.0.1:" + port;
    }

    /**
     * POSTs {@code body} to {@code path}. A pooled connection the container closed meanwhile fails before any byte of
     * the answer; such a call is retried once on a fresh connection.
     *
     * @param readTimeoutMillis how long to wait to send the request and for each read of the answer; 0 waits forever
     * @throws java.net.SocketTimeoutException when the container does not answer in time
     */
    Answer post(String path, Map<String, String> headers, byte[] body, int readTimeoutMillis) throws IOException {
        return post(path, headers, body, readTimeoutMillis, null);
    }

    /**
     * As {@link #post(String, Map, byte[], int)}; with a {@code stream}, a 2xx body goes to it (the answer's body is
     * then empty). The retry on a stale connection happens before {@link BodyStream#begin}, so it is never seen.
     */
    Answer post(String path, Map<String, String> headers, byte[] body, int readTimeoutMillis, BodyStream stream)
            throws IOException {
        Request request = request(path, headers, body);
        Connection pooled = idle.pollFirst();
        if (pooled != null) {
            try {
                return exchange(pooled, request, readTimeoutMillis, stream);
            } catch (EOFException | java.net.SocketException stale) {
                pooled.close();
            }
        }
        return exchange(open(), request, readTimeoutMillis, stream);
    }

    /**
     * A new connection. The connect itself is untimed too, under the watchdog: a timed connect leaves the socket in
     * non-blocking mode for good, and every later read on a platform thread would then poll before it reads.
     */
    private Connection open() throws IOException {
        Socket socket = new Socket();
        ConnectionWatchdog.Deadline deadline = ConnectionWatchdog.SHARED.watch(socket);
        try {
            socket.setTcpNoDelay(true);
            deadline.arm(CONNECT_TIMEOUT_MILLIS);
            try {
                socket.connect(address);
            } catch (IOException e) {
                if (deadline.fired()) {
                    throw new SocketTimeoutException("the container did not accept a connection within "
                            + CONNECT_TIMEOUT_MILLIS + " ms");
                }
                throw e;
            }
            if (!deadline.disarm()) {
                throw new SocketTimeoutException("the container did not accept a connection within "
                        + CONNECT_TIMEOUT_MILLIS + " ms");
            }
            return new Connection(socket, new AnswerInput(socket.getInputStream(), deadline), socket.getOutputStream(),
                    deadline);
        } catch (IOException e) {
            deadline.close();
            socket.close();
            throw e;
        }
    }

    private Answer exchange(Connection c, Request request, int readTimeoutMillis, BodyStream stream)
            throws IOException {
        boolean keep = false;
        c.deadline().arm(readTimeoutMillis);
        try {
            request.writeTo(c.out());
            String statusLine = c.in().line(true);
            int space = statusLine.indexOf(' ');
            if (space < 0 || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("the container answered something that is not HTTP: " + statusLine);
            }
            int end = statusLine.indexOf(' ', space + 1);
            int status = Integer.parseInt(statusLine, space + 1, end < 0 ? statusLine.length() : end, 10);
            boolean http11 = statusLine.startsWith("HTTP/1.1");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = c.in().line(false); !h.isEmpty(); h = c.in().line(false)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
            }
            byte[] answer;
            if (stream != null && status >= 200 && status <= 299) {
                stream.begin(headers);
                stream(c.in(), headers, stream);
                answer = new byte[0];
            } else {
                answer = body(c.in(), headers);
            }
            String connection = headers.getOrDefault("connection", "");
            keep = !closed && !connection.equalsIgnoreCase("close")
                    && (http11 || connection.equalsIgnoreCase("keep-alive"))
                    && (headers.containsKey("content-length") || headers.containsKey("transfer-encoding"));
            return new Answer(status, headers, answer);
        } catch (IOException e) {
            if (c.deadline().fired()) {
                throw new SocketTimeoutException("the container did not answer within " + readTimeoutMillis + " ms");
            }
            throw e;
        } finally {
            // A deadline that fired after the answer was read still closed the connection: it cannot be pooled.
            if (c.deadline().disarm() && keep) {
                idle.addFirst(c);
            } else {
                c.close();
            }
        }
    }

    private static byte[] body(AnswerInput in, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String size = in.line(false);
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while (!in.line(false).isEmpty()) {
                        // trailers
                    }
                    return out.toByteArray();
                }
                out.write(exactly(in, n));
                in.line(false);
            }
        }
        if (length != null) {
            return exactly(in, Integer.parseInt(length));
        }
        return in.readAllBytes();
    }

    private static void stream(AnswerInput in, Map<String, String> headers, BodyStream stream) throws IOException {
        byte[] buffer = new byte[MAX_BLOCK];
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = in.line(false);
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while (!in.line(false).isEmpty()) {
                        // trailers
                    }
                    return;
                }
                for (int left = n; left > 0; ) {
                    int read = in.readNBytes(buffer, 0, Math.min(left, MAX_BLOCK));
                    if (read == 0) {
                        throw new IOException("the container closed the connection in the middle of its answer");
                    }
                    stream.block(buffer, 0, read);
                    left -= read;
                }
                in.line(false);
            }
        }
        String length = headers.get("content-length");
        long left = length == null ? Long.MAX_VALUE : Long.parseLong(length);
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(left, MAX_BLOCK));
            if (read < 0) {
                if (length == null) {
                    return;
                }
                throw new IOException("the container closed the connection in the middle of its answer");
            }
            stream.block(buffer, 0, read);
            left -= read;
        }
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] bytes = new byte[n];
        if (in.readNBytes(bytes, 0, n) != n) {
            throw new IOException("the container closed the connection in the middle of its answer");
        }
        return bytes;
    }

    /**
     * A request as it is written: a small body joined to the head, so the request leaves in one segment; a large one
     * written after it, which spares copying a MultiRecord batch of megabytes.
     */
    private record Request(byte[] head, byte[] body) {
        void writeTo(OutputStream out) throws IOException {
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
        }
    }

    private Request request(String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body.length > JOIN_LIMIT) {
            return new Request(headBytes, body);
        }
        byte[] joined = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, joined, 0, headBytes.length);
        System.arraycopy(body, 0, joined, headBytes.length, body.length);
        return new Request(joined, null);
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }
}
