package dev.sagebox;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every setting Sagebox reads, from (later wins): the embedded defaults, {@code <data dir>/config.properties},
 * {@code SAGEBOX_*} environment variables for the common ones, {@code -Dsagebox.*} system properties, and the
 * command line. Keys are documented in README.md.
 */
public final class SageboxConfig {
    public static final String HOST = "sagebox.host";
    public static final String PORT = "sagebox.port";
    public static final String HOME = "sagebox.home";
    public static final String AUTH = "sagebox.auth";
    public static final String AUTH_MAX_SKEW = "sagebox.auth.maxSkewSeconds";
    public static final String VIRTUAL_HOST_BASE = "sagebox.s3.virtualHostBase";
    public static final String MAX_INSTANCES_PER_JOB = "sagebox.limits.maxInstancesPerJob";
    public static final String TRAINING_LAUNCH = "sagebox.training.launch";
    public static final String STOP_GRACE_SECONDS = "sagebox.training.stopGraceSeconds";
    public static final String CONCURRENT_JOBS = "sagebox.limits.concurrentJobs";
    public static final String COPY_CHANNELS = "sagebox.training.copyChannels";
    public static final String PROCESS_IMAGES = "sagebox.process.images";
    public static final String PROCESS_PYTHON = "sagebox.process.python";
    public static final String PROCESS_SANDBOX = "sagebox.process.sandbox";
    public static final String S3_FSYNC = "sagebox.s3.fsync";
    public static final String HOSTING_CREATE_WAIT = "sagebox.hosting.createWaitSeconds";
    public static final String HOSTING_STOP_GRACE = "sagebox.hosting.stopGraceSeconds";
    public static final String INVOCATION_TIMEOUT = "sagebox.runtime.invocationTimeoutSeconds";
    public static final String RUNTIME = "sagebox.runtime";
    public static final String RUNTIME_IMAGES = "sagebox.runtime.images";
    public static final String IMAGES = "sagebox.images";
    public static final String INSTANCE_TYPES = "sagebox.instanceTypes";
    public static final String DOCKER_HOST = "sagebox.docker.host";
    public static final String DOCKER_ALLOW_PULL = "sagebox.docker.allowPull";
    public static final String DOCKER_USER = "sagebox.docker.user";
    public static final String DOCKER_SHM_SIZE = "sagebox.docker.shmSize";
    public static final String DOCKER_REQUIRE_GPUS = "sagebox.docker.requireGpus";
    public static final String DOCKER_LIMITS = "sagebox.docker.limits";
    public static final String PROCESSING_WRITABLE_INPUTS = "sagebox.processing.writableInputs";
    public static final String PROCESSING_UPLOAD_INTERVAL_MS = "sagebox.processing.continuousUploadMillis";

    private static final Map<String, String> DEFAULTS = Map.of(
            HOST, "127.0.0.1",
            PORT, "4577",
            AUTH, "off",
            AUTH_MAX_SKEW, "900",
            VIRTUAL_HOST_BASE, "localhost",
            S3_FSYNC, "true");

    /** Environment variables that stand for keys, as the README promises. */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "SAGEBOX_HOST", HOST,
            "SAGEBOX_PORT", PORT,
            "SAGEBOX_HOME", HOME,
            "SAGEBOX_AUTH", AUTH,
            "SAGEBOX_RUNTIME", RUNTIME);

    private final Map<String, String> values;

    private SageboxConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Loads the configuration for a server.
     *
     * @param environment  the process environment (tests pass their own)
     * @param overrides    values from the command line, which win over everything
     */
    public static SageboxConfig load(Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        values.put(HOME, Path.of(System.getProperty("user.home"), ".sagebox").toString());
        ENVIRONMENT.forEach((variable, key) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(key, value);
            }
        });
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("sagebox.") && !name.startsWith("sagebox.test."))
                .forEach(name -> values.put(name, System.getProperty(name)));
        values.putAll(overrides);
        Path file = Path.of(values.get(HOME)).resolve("config.properties");
        if (Files.isRegularFile(file)) {
            Map<String, String> fromFile = readProperties(file);
            // The file sits under the defaults' layer: anything set more explicitly keeps its value.
            fromFile.forEach((key, value) -> {
                if (!isExplicit(key, environment, overrides)) {
                    values.put(key, value);
                }
            });
        }
        return new SageboxConfig(values);
    }

    /** A configuration built from exact values on top of the defaults, for tests and embedded servers. */
    public static SageboxConfig of(Map<String, String> values) {
        Map<String, String> merged = new TreeMap<>(DEFAULTS);
        merged.putAll(values);
        return new SageboxConfig(merged);
    }

    private static boolean isExplicit(String key, Map<String, String> environment, Map<String, String> overrides) {
        if (overrides.containsKey(key) || System.getProperty(key) != null) {
            return true;
        }
        return ENVIRONMENT.entrySet().stream()
                .anyMatch(e -> e.getValue().equals(key) && environment.get(e.getKey()) != null);
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> result = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> result.put(name, properties.getProperty(name)));
        return result;
    }

    public String get(String key) {
        return values.get(key);
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public int getInt(String key, int fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        String value = values.get(key);
        return value == null ? fallback : Boolean.parseBoolean(value.trim());
    }

    public Duration getSeconds(String key, long fallbackSeconds) {
        return Duration.ofSeconds(getInt(key, (int) fallbackSeconds));
    }

    public String host() {
        return values.get(HOST);
    }

    public int port() {
        return getInt(PORT, 4577);
    }

    public Path home() {
        return Path.of(values.get(HOME)).toAbsolutePath();
    }

    /** All values, sorted by key (for {@code sagebox config}). */
    public Map<String, String> asMap() {
        return new TreeMap<>(values);
    }
}
