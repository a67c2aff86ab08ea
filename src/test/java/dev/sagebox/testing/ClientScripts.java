package dev.sagebox.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs real Python clients (boto3 through {@code src/test/python/*.py}) and the AWS CLI against a test server, the
 * way a user would: endpoint and dummy credentials come from the environment, nothing is patched.
 */
public final class ClientScripts {
    /** pyenv's interpreter on PATH: boto3 1.43 and AWS CLI v1. */
    public static final String PYTHON = "python3";
    /** Debian's interpreter: boto3 1.26 (package python3-boto3). */
    public static final String DEBIAN_PYTHON = "/usr/bin/python3";
    /** Debian's AWS CLI v2 (package awscli). */
    public static final String AWS_CLI_V2 = "/usr/bin/aws";

    private static final Map<String, Boolean> BOTO3_PRESENT = new ConcurrentHashMap<>();

    private ClientScripts() {
    }

    /** The outcome of one client run. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Fails the test with both streams shown unless the client exited 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("client exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n"
                        + stderr);
            }
            return this;
        }
    }

    /** The directory holding the Python client scripts. */
    public static Path scriptDir() {
        return repoRoot().resolve("src/test/python");
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("sagebox.test.repoRoot", ".")).toAbsolutePath();
    }

    /** Runs {@code src/test/python/<script>} with pyenv's python3 against {@code endpoint}. */
    public static Result python(URI endpoint, String script, String... args) {
        return python(PYTHON, endpoint, script, args);
    }

    /**
     * Runs {@code src/test/python/<script>} with a given interpreter against {@code endpoint}; skips the test when
     * that interpreter has no boto3 (fails in CI).
     */
    public static Result python(String interpreter, URI endpoint, String script, String... args) {
        assumeClient(hasBoto3(interpreter), interpreter + " has no boto3 (Debian: apt-get install python3-boto3)");
        List<String> command = new ArrayList<>(List.of(interpreter, scriptDir().resolve(script).toString()));
        command.addAll(List.of(args));
        return run(endpoint, command, Duration.ofMinutes(5));
    }

    /**
     * Runs {@code src/test/python/<script>} with pyenv's python3, with extra environment variables that win over
     * the defaults (e.g. {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} for a verifying server).
     */
    public static Result pythonWithEnv(URI endpoint, Map<String, String> env, String script, String... args) {
        assumeClient(hasBoto3(PYTHON), PYTHON + " has no boto3");
        List<String> command = new ArrayList<>(List.of(PYTHON, scriptDir().resolve(script).toString()));
        command.addAll(List.of(args));
        return run(endpoint, command, Duration.ofMinutes(5), env);
    }

    /** Runs AWS CLI v2 with {@code --endpoint-url}; skips the test when it is not installed (fails in CI). */
    public static Result awsCliV2(URI endpoint, String... args) {
        return awsCliV2(endpoint, Map.of(), args);
    }

    /**
     * Skips the calling test when a client is missing, so a developer without it still gets a green build; under
     * {@code SAGEBOX_REQUIRE_CLIENTS=1} (set by CI) a missing client fails instead, so CI cannot silently skip.
     */
    public static void assumeClient(boolean present, String why) {
        if (!present && "1".equals(System.getenv("SAGEBOX_REQUIRE_CLIENTS"))) {
            throw new AssertionError(why + ", and SAGEBOX_REQUIRE_CLIENTS=1 requires it");
        }
        Assumptions.assumeTrue(present, why);
    }

    /** Whether {@code interpreter} runs and imports boto3 (checked once per interpreter). */
    public static boolean hasBoto3(String interpreter) {
        return BOTO3_PRESENT.computeIfAbsent(interpreter, i -> {
            try {
                return run(URI.create("http://127.0.0.1:9"), List.of(i, "-c", "import boto3"), Duration.ofMinutes(1))
                        .exitCode() == 0;
            } catch (AssertionError e) {
                return false; // the interpreter itself is missing
            }
        });
    }

    /** Runs AWS CLI v2 with {@code --endpoint-url} and extra environment variables that win over the defaults. */
    public static Result awsCliV2(URI endpoint, Map<String, String> env, String... args) {
        assumeClient(Files.isExecutable(Path.of(AWS_CLI_V2)),
                "AWS CLI v2 is not installed at " + AWS_CLI_V2 + " (apt-get install awscli)");
        List<String> command = new ArrayList<>(List.of(AWS_CLI_V2, "--endpoint-url", endpoint.toString()));
        command.addAll(List.of(args));
        return run(endpoint, command, Duration.ofMinutes(5), env);
    }

    /** Runs any client command with the Sagebox environment a user would export. */
    public static Result run(URI endpoint, List<String> command, Duration timeout) {
        return run(endpoint, command, timeout, Map.of());
    }

    /** Runs any client command with the Sagebox environment plus {@code extraEnv}, which wins. */
    public static Result run(URI endpoint, List<String> command, Duration timeout, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("PYTHONUNBUFFERED", "1");
        env.remove("AWS_PROFILE");
        env.putAll(extraEnv);
        try {
            Path out = Files.createTempFile("client-out", ".txt");
            Path err = Files.createTempFile("client-err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null")));
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("client timed out after " + timeout + ": " + command + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
