package dev.sagebox.hosting.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pooled client to instances, against a real loopback server that answers each request with the next scripted
 * answer, written in the pieces the test gives (so heads split across reads are covered).
 */
class InstanceConnectionsTest {
    private final ServerSocket listener = listen();
    private final BlockingQueue<List<String>> answers = new LinkedBlockingQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread server = Thread.ofVirtual().start(this::serve);
    private final InstanceConnections connections = new InstanceConnections(listener.getLocalPort());

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() throws IOException {
        connections.close();
        listener.close();
        server.interrupt();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads requests (head plus Content-Length body) and writes the scripted answers until told to close. */
    private void answer(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                requests.add(head + body);
                List<String> pieces = answers.take();
                for (String piece : pieces) {
                    if (piece.equals("<close>")) {
                        return;
                    }
                    if (piece.startsWith("<sleep ")) {
                        Thread.sleep(Long.parseLong(piece.substring(7, piece.length() - 1)));
                        continue;
                    }
                    out.write(piece.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the test ended
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private InstanceConnections.Answer post(String body) throws IOException {
        return connections.post("/invocations", Map.of("Content-Type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8), 5_000);
    }

    @Test
    void post_contentLengthAnswer_readsStatusHeadersAndBody() throws IOException {
        answers.add(List.of("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Amzn-SageMaker-Custom-"
                + "Attributes: a=1\r\nContent-Length: 4\r\n\r\n[42]"));

        InstanceConnections.Answer answer = post("hello");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.headers()).containsEntry("content-type", "application/json")
                .containsEntry("x-amzn-sagemaker-custom-attributes", "a=1");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("[42]");
        assertThat(requests.getFirst()).startsWith("POST /invocations HTTP/1.1\r\n")
                .contains("Content-Type: text/plain\r\n").endsWith("\r\n\r\nhello");
    }

    @Test
    void post_headSplitAcrossReadsWithBareLineFeeds_isParsed() throws IOException {
        answers.add(List.of("HTTP/1.1 2", "00 OK\nContent-Ty", "pe: text/csv\r", "\nContent-Length: 3\n", "\n1,2"));

        InstanceConnections.Answer answer = post("x");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("content-type", "text/csv");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("1,2");
    }

    @Test
    void post_chunkedAnswer_isJoined() throws IOException {
        answers.add(List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", "2;x=y\r\nde\r\n",
                "0\r\n\r\n"));

        assertThat(new String(post("x").body(), StandardCharsets.UTF_8)).isEqualTo("abcde");
    }

    @Test
    void post_keepAlive_reusesOneConnectionWithLeftoverBytesIntact() throws IOException {
        for (int i = 0; i < 3; i++) {
            answers.add(List.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + i));
        }

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bodies.add(new String(post("x").body(), StandardCharsets.UTF_8));
        }

        assertThat(bodies).containsExactly("0", "1", "2");
        assertThat(accepted.get()).isEqualTo(1);
    }

    @Test
    void post_pooledConnectionClosedByContainer_isRetriedOnAFreshOne() throws IOException {
        answers.add(List.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"));
        post("first");
        answers.add(List.of("<close>"));
        answers.add(List.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"));

        assertThat(new String(post("second").body(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(accepted.get()).isEqualTo(2);
    }

    @Test
    void post_answerCutInItsHead_isIoException() {
        answers.add(List.of("HTTP/1.1 200 OK\r\nContent-Len", "<close>"));

        assertThatThrownBy(() -> post("x")).isInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection in the middle of its answer");
    }

    @Test
    void post_headerLineOver16KiB_isIoException() {
        answers.add(List.of("HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(17 * 1024) + "\r\n\r\n"));

        assertThatThrownBy(() -> post("x")).isInstanceOf(IOException.class).hasMessageContaining("header line over");
    }

    @Test
    void post_containerSilentPastTheTimeout_isSocketTimeoutAndTheNextCallGetsAFreshConnection() throws Exception {
        long started = System.nanoTime();
        assertThatThrownBy(() -> connections.post("/invocations", Map.of(), new byte[1], 300))
                .isInstanceOf(SocketTimeoutException.class);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMillis).isBetween(300L, 300L + 10 * ConnectionWatchdog.TICK.toMillis());

        answers.add(List.of("<close>"));
        answers.add(List.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"));
        assertThat(new String(post("again").body(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(accepted.get()).isEqualTo(2);
    }

    @Test
    void post_answerTricklingInWithinTheTimeoutOfEachRead_isReadWhole() throws IOException {
        answers.add(List.of("HTTP/1.1 200 OK\r\n", "<sleep 250>", "Content-Length: 2\r\n\r\n", "<sleep 250>", "o",
                "<sleep 250>", "k"));

        InstanceConnections.Answer answer = connections.post("/invocations", Map.of(), new byte[1], 600);

        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    @Test
    void post_containerNotReadingTheRequest_isSocketTimeout() throws IOException {
        // Never accepted: the kernel completes the connection, and the write blocks once its buffers are full.
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             InstanceConnections toDeaf = new InstanceConnections(deaf.getLocalPort())) {
            assertThatThrownBy(() -> toDeaf.post("/invocations", Map.of(), new byte[64 << 20], 300))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }
}
