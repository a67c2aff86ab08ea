package dev.sagebox.modelserver;

import static dev.sagebox.modelserver.ServedModel.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server side of the serving contract (§6.3): keep-alive, concurrency, limits, routes and stopping. */
class ModelServerHttpTest {
    private static final String ECHO = """
            import threading, time
            lock = threading.Lock()
            state = {"now": 0, "max": 0}

            def model_fn(model_dir): return None

            def transform_fn(model, body, content_type, accept):
                with lock:
                    state["now"] += 1
                    state["max"] = max(state["max"], state["now"])
                try:
                    if body.startswith(b"slow"):
                        time.sleep(0.05)
                    return b"%s|%d" % (body, state["max"])
                finally:
                    with lock:
                        state["now"] -= 1
            """;

    @TempDir
    Path root;

    @Test
    void keepAlive_servesManySequentialRequestsOnOneConnection() throws Exception {
        try (ServedModel served = new ServedModel(root).handler(ECHO).startHealthy();
             Socket socket = new Socket("127.0.0.1", served.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 300; i++) {
                byte[] body = ("request-" + i).getBytes(StandardCharsets.US_ASCII);
                out.write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();

                RawResponse response = RawResponse.read(in);

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("request-" + i + "|1");
                assertThat(response.headers()).doesNotContainKey("connection");
            }
        }
    }

    @Test
    void chunkedBody_andConnectionClose_areHonoured() throws Exception {
        try (ServedModel served = new ServedModel(root).handler(ECHO).startHealthy();
             Socket socket = new Socket("127.0.0.1", served.port())) {
            socket.getOutputStream().write(("POST /invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());

            RawResponse response = RawResponse.read(in);

            assertThat(response.body()).isEqualTo("abcdefg|1");
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(in.read()).as("the server closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void concurrentRequests_runInParallelUpToTheWorkerCount_andEachGetsItsOwnAnswer() throws Exception {
        try (ServedModel served = new ServedModel(root).handler(ECHO).env("SAGEMAKER_MODEL_SERVER_WORKERS", "3")
                .startHealthy();
             ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    List<String> bodies = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        String body = "slow-" + client + "-" + i;
                        HttpResponse<byte[]> response = served.invoke("application/octet-stream", null, body);
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(text(response)).startsWith(body + "|");
                        bodies.add(text(response));
                    }
                    return bodies;
                }));
            }
            int maxInFlight = 0;
            for (Future<List<String>> result : results) {
                for (String body : result.get()) {
                    maxInFlight = Math.max(maxInFlight, Integer.parseInt(body.substring(body.indexOf('|') + 1)));
                }
            }
            assertThat(maxInFlight).isBetween(2, 3);
        }
    }

    @Test
    void sigterm_stopsTheServerWithinTwoSeconds() throws Exception {
        try (ServedModel served = new ServedModel(root).handler(ECHO).startHealthy()) {
            assertThat(served.invoke("application/octet-stream", null, "x").statusCode()).isEqualTo(200);
            long started = System.nanoTime();

            served.process().destroy();

            assertThat(served.awaitExit(Duration.ofSeconds(5))).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(served.stdout()).contains("Stopped by signal");
        }
    }

    @Test
    void sigterm_whileTheModelLoads_stopsAtOnce() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                import time
                def model_fn(model_dir):
                    while True:
                        time.sleep(0.01)
                """).start()) {
            served.awaitPing(503, Duration.ofSeconds(30));

            served.process().destroy();

            assertThat(served.awaitExit(Duration.ofSeconds(2))).isEqualTo(128 + 15);
        }
    }

    @Test
    void executionParameters_isNotFoundUnlessConfigured() throws Exception {
        String parameters = "{\"MaxConcurrentTransforms\":4,\"BatchStrategy\":\"MULTI_RECORD\",\"MaxPayloadInMB\":6}";
        try (ServedModel plain = new ServedModel(root.resolve("plain")).handler(ECHO).startHealthy();
             ServedModel batch = new ServedModel(root.resolve("batch")).handler(ECHO)
                     .executionParameters(parameters).startHealthy()) {
            assertThat(plain.get("/execution-parameters").statusCode()).isEqualTo(404);
            HttpResponse<String> configured = batch.get("/execution-parameters");
            assertThat(configured.statusCode()).isEqualTo(200);
            assertThat(configured.body()).isEqualTo(parameters);
            assertThat(plain.get("/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void bodyOverMaxPayload_is413_andTheLimitIsInclusive() throws Exception {
        try (ServedModel served = new ServedModel(root).handler(ECHO).env("SAGEMAKER_MAX_PAYLOAD_IN_MB", "1")
                .startHealthy()) {
            HttpResponse<byte[]> atLimit = served.invoke("application/octet-stream", null, new byte[1024 * 1024]);
            HttpResponse<byte[]> over = served.invoke("application/octet-stream", null, new byte[1024 * 1024 + 1]);

            assertThat(atLimit.statusCode()).isEqualTo(200);
            assertThat(over.statusCode()).isEqualTo(413);
        }
    }

    @Test
    void requests_areLoggedOneLineEach_onStdout() throws Exception {
        try (ServedModel served = new ServedModel(root).handler(ECHO).startHealthy()) {
            served.invoke("application/octet-stream", null, "abc");
            served.invoke("application/octet-stream", null, "abcd");
            served.process().destroy();
            served.awaitExit(Duration.ofSeconds(5));

            assertThat(served.stdout().lines().filter(l -> l.contains("\"POST /invocations\" 200")))
                    .hasSize(2).allMatch(l -> l.matches("\\S+ INFO sagebox-serve \"POST /invocations\" 200 \\d+ "
                            + "[0-9.]+ms"));
        }
    }

    /** A response read off a raw socket: status line, headers (lower-cased names) and a Content-Length body. */
    record RawResponse(int status, Map<String, String> headers, String body) {
        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            return new RawResponse(Integer.parseInt(statusLine.split(" ")[1]), headers,
                    new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                buffer.write(b);
            }
            return buffer.toString(StandardCharsets.US_ASCII).stripTrailing();
        }
    }
}
