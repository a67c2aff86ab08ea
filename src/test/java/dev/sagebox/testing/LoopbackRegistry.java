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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Docker registry with basic auth on a free 127.0.0.1 port: Debian's {@code docker-registry} with an htpasswd file
 * ({@code htpasswd -B}), both installed by {@code .ci/registry-setup.sh}. The engine talks plain HTTP to it because
 * it treats loopback registries as insecure by default.
 */
public final class LoopbackRegistry implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private LoopbackRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Skips (fails under {@code SAGEBOX_REQUIRE_DOCKER=1}) when the registry programs are not installed. */
    public static LoopbackRegistry start(Path dir, String user, String password) throws IOException,
            InterruptedException {
        for (String program : new String[] {"docker-registry", "htpasswd"}) {
            if (!onPath(program)) {
                String problem = program + " is not installed; run .ci/registry-setup.sh as root";
                if ("1".equals(System.getenv("SAGEBOX_REQUIRE_DOCKER"))) {
                    Assertions.fail(problem + " (SAGEBOX_REQUIRE_DOCKER=1)");
                }
                Assumptions.abort(problem);
            }
        }
        Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
        byte[] entry = htpasswd.getInputStream().readAllBytes();
        Assertions.assertEquals(0, htpasswd.waitFor(), new String(entry, StandardCharsets.UTF_8));
        Files.write(dir.resolve("htpasswd"), entry);
        int port = freePort();
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                  secret: sagebox-test
                auth:
                  htpasswd:
                    realm: sagebox-test
                    path: %s
                """.formatted(dir.resolve("data"), port, dir.resolve("htpasswd")));
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LoopbackRegistry registry = new LoopbackRegistry(process, port, log);
        registry.awaitReady();
        return registry;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Assertions.fail("docker-registry exited: " + Files.readString(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(50);  // poll interval, bounded by the deadline
        }
        Assertions.fail("docker-registry did not answer on " + address() + " within 30 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
