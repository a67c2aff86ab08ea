package dev.sagebox.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Sagebox server in its own JVM ({@code sagebox up}), for what an in-process server cannot show: a
 * {@code kill -9} in the middle of requests, or a benchmark whose client and server do not share a heap. It uses
 * the test JVM's own java binary and classpath.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final URI endpoint;

    private ServerProcess(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    /**
     * Starts {@code sagebox up} on a free port with {@code home} as its data dir and waits until it answers
     * {@code /_sagebox/health}. Output goes to {@code log}, which is appended to, so a restart keeps the history.
     */
    public static ServerProcess start(Path home, Path log, String... extraArgs) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", classPath(), "dev.sagebox.Sagebox",
                "up", "--port", Integer.toString(port), "--data-dir", home.toString()));
        command.addAll(List.of(extraArgs));
        Files.createDirectories(home);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process, log, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitHealthy();
        } catch (IOException | RuntimeException | Error e) {
            server.kill();
            throw e;
        }
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** A Java SDK v2 S3 client pointed at this server (path style, dummy credentials). */
    public S3Client s3() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(TestServer.CREDENTIALS).forcePathStyle(true).build();
    }

    /** SIGKILL: the JVM gets no chance to flush, close files or run shutdown hooks. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM, the way Ctrl-C or a service manager stops the server. */
    @Override
    public void close() {
        process.destroy();
        awaitExit();
    }

    /** Everything the server printed so far, for assertion messages. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHealthy() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI health = endpoint.resolve("/_sagebox/health");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("server exited with " + process.exitValue() + " before it was "
                            + "healthy:\n" + output());
                }
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // Polled again below until the deadline.
                }
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server", e);
        }
        throw new IllegalStateException("server not healthy within " + START_TIMEOUT + ":\n" + output());
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Surefire may run tests from a manifest-only jar; its property holds the real classpath. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
