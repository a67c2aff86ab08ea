package dev.sagebox.modelserver;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: one endpoint instance's /opt/ml tree in a temp dir, with handler code under model/code, served by
 * the real program on a free loopback port, as the process runtime will run it.
 */
final class ServedModel implements AutoCloseable {
    /** The interpreter under test; {@code -Dsagebox.test.python=...} runs the suite on another (3.8 and up). */
    static final String PYTHON = System.getProperty("sagebox.test.python", "python3");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Path root;
    private final Path baseDir;
    private final ModelServerProgram program;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String interpreter = PYTHON;
    private String executionParameters;
    private Path venvCache;
    private Process process;
    private int port;

    ServedModel(Path root) throws IOException {
        this.root = root;
        this.program = ModelServerProgram.installIn(root.resolve("data"));
        this.baseDir = root.resolve("opt/ml");
        this.venvCache = root.resolve("venvs");
        Files.createDirectories(modelDir().resolve("code"));
    }

    /** Writes model/code/inference.py. */
    ServedModel handler(String source) throws IOException {
        return codeFile("inference.py", source);
    }

    ServedModel codeFile(String relative, String content) throws IOException {
        Path file = modelDir().resolve("code").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    ServedModel env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    ServedModel interpreter(String python) {
        this.interpreter = python;
        return this;
    }

    ServedModel venvCache(Path cache) {
        this.venvCache = cache;
        return this;
    }

    ServedModel executionParameters(String json) {
        this.executionParameters = json;
        return this;
    }

    Path root() {
        return root;
    }

    Path modelDir() {
        return baseDir.resolve("model");
    }

    Process process() {
        return process;
    }

    int port() {
        return port;
    }

    /** Starts the program; stdout and stderr go to files under the root. */
    ServedModel start() throws IOException {
        port = freePort();
        ModelServerHost host = ModelServerHost.of(interpreter, baseDir, port, venvCache);
        if (executionParameters != null) {
            host = host.withExecutionParameters(executionParameters);
        }
        ModelServerLaunch launch = program.launch(host);
        ProcessBuilder builder = new ProcessBuilder(launch.command());
        builder.environment().keySet().removeIf(name -> name.startsWith("SAGEMAKER_") || name.startsWith("SAGEBOX_"));
        builder.environment().putAll(environment);
        builder.environment().putAll(launch.environment());
        builder.redirectOutput(root.resolve("stdout.txt").toFile()).redirectError(root.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        process = builder.start();
        return this;
    }

    /** Starts and polls /ping until 200, failing at once if the server exits first (as the hoster does). */
    ServedModel startHealthy() throws IOException, InterruptedException {
        start();
        awaitPing(200, Duration.ofSeconds(60));
        return this;
    }

    void awaitPing(int status, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " before /ping answered "
                        + status + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr());
            }
            if (pingStatus() == status) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("/ping did not answer " + status + " within " + timeout + "\n" + stderr());
            }
            Thread.sleep(10);
        }
    }

    /** The /ping status, or -1 while nothing listens. */
    int pingStatus() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/ping")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST /invocations; headers alternate name, value; a null Content-Type or Accept is left out. */
    HttpResponse<byte[]> invoke(String contentType, String accept, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/invocations")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> invoke(String contentType, String accept, String body, String... headers)
            throws IOException, InterruptedException {
        return invoke(contentType, accept, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    /** Waits for the server to exit on its own, and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server still runs after " + timeout + "\n--- stderr\n" + stderr());
        }
        return process.exitValue();
    }

    String stdout() throws IOException {
        return read(root.resolve("stdout.txt"));
    }

    String stderr() throws IOException {
        return read(root.resolve("stderr.txt"));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
