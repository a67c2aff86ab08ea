package dev.sagebox.transform;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transform benchmark's baseline: what a hand-written client does to run the same batches against a container's
 * {@code /invocations} directly. It cuts the input at line ends into batches of at most {@code limit} bytes (one line
 * each for SingleRecord), keeps {@code concurrency} keep-alive connections busy, and assembles the answers in order,
 * all in memory and with no per-record copies: the fastest honest way to do the same work.
 */
final class DirectBatches {
    /** Bodies up to this are copied behind the head; larger ones are written from the input in place. */
    private static final int JOIN_LIMIT = 64 * 1024;

    private DirectBatches() {
    }

    /** Runs every batch of {@code input}; returns the assembled output. */
    static byte[] run(byte[] input, long limit, boolean multiRecord, int port, int concurrency) throws Exception {
        List<int[]> batches = cut(input, limit, multiRecord);
        byte[][] answers = new byte[batches.size()][];
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress("127.0.0.1", port));
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    OutputStream out = socket.getOutputStream();
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        int[] b = batches.get(i);
                        answers[i] = post(in, out, input, b[0], b[1]);
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw errors.getFirst();
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        for (byte[] answer : answers) {
            output.writeBytes(answer);
        }
        return output.toByteArray();
    }

    /** Batch boundaries {@code [start, end)}: whole lines, at most {@code limit} bytes. */
    static List<int[]> cut(byte[] input, long limit, boolean multiRecord) {
        List<int[]> batches = new ArrayList<>();
        int start = 0;
        int lastEnd = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] != '\n') {
                continue;
            }
            int end = i + 1;
            if (!multiRecord) {
                batches.add(new int[] {start, end});
                start = end;
            } else if (end - start > limit) {
                batches.add(new int[] {start, lastEnd});
                start = lastEnd;
            }
            lastEnd = end;
        }
        if (lastEnd > start) {
            batches.add(new int[] {start, lastEnd});
        }
        return batches;
    }

    private static byte[] post(InputStream in, OutputStream out, byte[] input, int start, int end)
            throws IOException {
        byte[] head = ("POST /invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nAccept: text/csv"
                + "\r\nContent-Length: " + (end - start) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        if (end - start > JOIN_LIMIT) {
            out.write(head);
            out.write(input, start, end - start);
        } else {
            // A small request leaves in one segment.
            byte[] request = new byte[head.length + end - start];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(input, start, request, head.length, end - start);
            out.write(request);
        }
        out.flush();
        int length = -1;
        int status = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            if (line.startsWith("HTTP/")) {
                status = Integer.parseInt(line.split(" ")[1]);
            } else if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (status != 200) {
            throw new IOException("the container answered " + status);
        }
        return body;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
