package dev.sagebox.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker images tests run, all built locally by {@code .ci/docker-setup.sh} (no registry is reachable), and the
 * gate every Docker test passes first: with no engine or image the test is skipped and says why, but under
 * {@code SAGEBOX_REQUIRE_DOCKER=1} (CI) that is a failure.
 */
public final class TestImages {
    /** A busybox-static root filesystem: {@code sh}, {@code nc}, {@code dd}, {@code chown}. */
    public static final String BUSYBOX = "sagebox-test/busybox:1";
    /** Debian bookworm minbase with {@code python3}. */
    public static final String PYTHON = "sagebox-test/python:1";

    private static final String SETUP = "run .ci/docker-setup.sh as root";
    private static DockerClient client;

    private TestImages() {
    }

    /** Skips the test (fails it under {@code SAGEBOX_REQUIRE_DOCKER=1}) unless the engine answers with the images. */
    public static void assumeAvailable(String... images) {
        String problem = problem(images);
        if (problem == null) {
            return;
        }
        if ("1".equals(System.getenv("SAGEBOX_REQUIRE_DOCKER"))) {
            Assertions.fail(problem + " and SAGEBOX_REQUIRE_DOCKER=1");
        }
        Assumptions.abort(problem + "; " + SETUP + " to run the Docker tests");
    }

    /** Whether the engine answers with the images, for class set-up that {@link #assumeAvailable} guards per test. */
    public static boolean isAvailable(String... images) {
        return problem(images) == null;
    }

    private static String problem(String... images) {
        try {
            client().pingCmd().exec();
        } catch (RuntimeException e) {
            return "no Docker engine answers (" + e.getMessage() + ")";
        }
        for (String image : images) {
            if (!exists(image)) {
                return "the test image " + image + " is not built";
            }
        }
        return null;
    }

    public static boolean exists(String image) {
        try {
            client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** A client for test set-up: building derived images, planting orphans, checking what is left. */
    public static synchronized DockerClient client() {
        if (client == null) {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
            client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                    .connectionTimeout(Duration.ofSeconds(5)).build());
        }
        return client;
    }

    /**
     * An image {@code FROM base} with {@code files} (path in the image to content) added, executable, tagged
     * {@code sagebox-test/<name>:<hash of base and files>} and built only once per content.
     */
    public static String derived(String name, String base, Map<String, byte[]> files) {
        return derived(name, base, files, Map.of());
    }

    /** Like {@link #derived(String, String, Map)}, with image {@code labels} (e.g. accept-bind-to-port). */
    public static String derived(String name, String base, Map<String, byte[]> files, Map<String, String> labels) {
        Map<String, byte[]> context = new LinkedHashMap<>();
        StringBuilder dockerfile = new StringBuilder("FROM " + base + "\n");
        new java.util.TreeMap<>(labels).forEach((key, value) ->
                dockerfile.append("LABEL \"").append(key).append("\"=\"").append(value).append("\"\n"));
        int i = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            context.put("f" + i, file.getValue());
            dockerfile.append("COPY f").append(i).append(' ').append(file.getKey()).append('\n');
            i++;
        }
        context.put("Dockerfile", dockerfile.toString().getBytes(StandardCharsets.UTF_8));
        String tag = "sagebox-test/" + name + ":" + hash(context);
        if (!exists(tag)) {
            client().buildImageCmd(new ByteArrayInputStream(tar(context))).withTags(Set.of(tag)).withPull(false)
                    .exec(new BuildImageResultCallback()).awaitImageId();
        }
        return tag;
    }

    private static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0100755);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static String hash(Map<String, byte[]> context) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            context.forEach((key, value) -> {
                digest.update(key.getBytes(StandardCharsets.UTF_8));
                digest.update(value);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
