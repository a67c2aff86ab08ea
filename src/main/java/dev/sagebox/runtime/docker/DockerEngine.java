package dev.sagebox.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to one Docker engine: {@code sagebox.docker.host}, else {@code DOCKER_HOST}, else the default socket.
 * No API version is pinned, so requests carry no version prefix and every engine from API 1.41 on answers in its own
 * version. Two clients share the address: one with a response time-out for short calls, one without for calls that
 * last as long as a container (log follow, wait, stop).
 */
final class DockerEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /** The configured address (null: docker-java's default resolution), and the clients once first needed. */
    private final String configuredHost;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile Clients clients;
    private volatile Info info;
    private volatile boolean closed;

    private record Clients(String host, DockerClient control, DockerClient streams) {
    }

    private DockerEngine(String configuredHost) {
        this.configuredHost = configuredHost;
    }

    /**
     * An engine at {@code host} (null or blank: {@code DOCKER_HOST}, else the default socket). Nothing is loaded or
     * connected until the first call: building docker-java's clients costs a noticeable part of a server's start
     * (bench start), and most starts never talk to the engine before the first job.
     */
    static DockerEngine connect(String host) {
        return new DockerEngine(host == null || host.isBlank() ? null : host);
    }

    private Clients clients() {
        Clients built = clients;
        if (built != null) {
            return built;
        }
        connecting.lock();
        try {
            if (clients == null) {
                if (closed) {
                    // After the server's close: no new connections (the caller reports the failed call).
                    throw new IllegalStateException("the Docker connection is closed");
                }
                DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
                if (configuredHost != null) {
                    builder.withDockerHost(configuredHost);
                }
                DockerClientConfig config = builder.build();
                clients = new Clients(config.getDockerHost().toString(), client(config, CALL_TIMEOUT),
                        client(config, null));
            }
            return clients;
        } finally {
            connecting.unlock();
        }
    }

    private static DockerClient client(DockerClientConfig config, Duration responseTimeout) {
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT).maxConnections(200);
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    /** The engine's address, for messages. */
    String host() {
        return clients().host();
    }

    /** For calls that return promptly. */
    DockerClient control() {
        return clients().control();
    }

    /** For calls that block while a container runs. */
    DockerClient streams() {
        return clients().streams();
    }

    /** Pings the engine; the first success is logged with its version. */
    void ping() throws IOException {
        try {
            control().pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IOException("no Docker engine answers at " + host() + ": " + message(e), e);
        }
        if (info == null) {
            Info found = control().infoCmd().exec();
            info = found;
            LOG.info("Docker engine {} at {}: {} CPUs, runtimes {}", found.getServerVersion(), host(),
                    found.getNCPU(), found.getRuntimes() == null ? "[]" : found.getRuntimes().keySet());
        }
    }

    boolean answers() {
        try {
            ping();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code DeviceRequest}s for GPUs can be honoured: the engine lists an {@code nvidia} runtime. */
    boolean hasNvidiaRuntime() throws IOException {
        ping();
        return info.getRuntimes() != null && info.getRuntimes().containsKey("nvidia");
    }

    /** The engine's CPU count, which bounds a container's CPU limit (the engine refuses more). */
    int cpus() throws IOException {
        ping();
        return info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU();
    }

    /** The engine's own words, without docker-java's status prefix noise. */
    static String message(Throwable e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        int json = text.indexOf("{\"message\":\"");
        if (json >= 0) {
            int end = text.lastIndexOf("\"}");
            text = end > json ? text.substring(json + 12, end) : text.substring(json + 12);
        }
        return text.replace("\\\"", "\"").replace("\\n", " ").strip();
    }

    /** Whether the server is shutting down: calls then fail, and that is no news worth a warning. */
    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        connecting.lock();
        try {
            if (clients != null) {
                clients.control().close();
                clients.streams().close();
            }
        } finally {
            connecting.unlock();
        }
    }
}
