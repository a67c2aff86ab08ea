package dev.sagebox.scriptmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Test fixture: one host's /opt/ml tree in a temp dir, with its config files, a submit directory of user code, and
 * the real program run by {@code python3} as the process runtime would run it.
 */
final class ScriptModeJob {
    static final String PYTHON = "python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final ScriptModeProgram program;
    private final Path optMl;
    private final Path source;
    private final Map<String, String> hyperparameters = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> channels = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Function<ScriptModeHost, ScriptModeHost> hostSettings = Function.identity();
    private Path venvCache;

    ScriptModeJob(Path root) throws IOException {
        this.root = root;
        this.program = ScriptModeProgram.installIn(root.resolve("data"));
        this.optMl = root.resolve("jobs/demo/algo-1/opt/ml");
        this.source = root.resolve("source");
        this.venvCache = root.resolve("venvs");
        for (String dir : List.of("input/config", "input/data", "model", "output/data", "code")) {
            Files.createDirectories(optMl.resolve(dir));
        }
        Files.createDirectories(source);
        environment.put("TRAINING_JOB_NAME", "demo");
        environment.put("AWS_REGION", "us-east-1");
    }

    /** Sets hyperparameters as they appear in hyperparameters.json: each value a string, usually JSON-encoded. */
    ScriptModeJob hyperparameters(Map<String, String> values) {
        hyperparameters.putAll(values);
        return this;
    }

    ScriptModeJob hyperparameter(String key, String rawValue) {
        hyperparameters.put(key, rawValue);
        return this;
    }

    /** Points sagemaker_program and sagemaker_submit_directory at the source dir, as the SDK does. */
    ScriptModeJob entryPoint(String name) {
        hyperparameters.put("sagemaker_program", "\"" + name + "\"");
        hyperparameters.put("sagemaker_submit_directory", "\"" + source + "\"");
        return this;
    }

    ScriptModeJob channel(String name) throws IOException {
        channels.put(name, Map.of("TrainingInputMode", "File", "S3DistributionType", "FullyReplicated",
                "RecordWrapperType", "None"));
        Files.createDirectories(optMl.resolve("input/data").resolve(name));
        return this;
    }

    ScriptModeJob sourceFile(String relative, String content) throws IOException {
        Path file = source.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    ScriptModeJob env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    ScriptModeJob venvCache(Path cache) {
        this.venvCache = cache;
        return this;
    }

    ScriptModeJob host(Function<ScriptModeHost, ScriptModeHost> settings) {
        this.hostSettings = settings;
        return this;
    }

    Path optMl() {
        return optMl;
    }

    Path source() {
        return source;
    }

    Path output(String relative) {
        return optMl.resolve("output").resolve(relative);
    }

    Path resultFile() {
        return root.resolve("result.json");
    }

    /** Writes the config files and starts the program; stdout and stderr go to files under the root. */
    Process start() throws IOException {
        Path config = optMl.resolve("input/config");
        JSON.writeValue(config.resolve("hyperparameters.json").toFile(), hyperparameters);
        JSON.writeValue(config.resolve("inputdataconfig.json").toFile(), channels);
        JSON.writeValue(config.resolve("resourceconfig.json").toFile(), Map.of(
                "current_host", "algo-1", "current_instance_type", "ml.m5.xlarge",
                "current_group_name", "homogeneousCluster", "current_instance_group", "homogeneousCluster",
                "hosts", List.of("algo-1"), "network_interface_name", "eth0",
                "instance_groups", List.of(Map.of("instance_group_name", "homogeneousCluster",
                        "instance_type", "ml.m5.xlarge", "hosts", List.of("algo-1")))));
        ScriptModeHost host = hostSettings.apply(ScriptModeHost.of(PYTHON, optMl, venvCache)
                .withResultFile(resultFile()));
        ScriptModeLaunch launch = program.launch(host);
        ProcessBuilder builder = new ProcessBuilder(launch.command());
        // Also SAGEBOX_*: CI exports SAGEBOX_REQUIRE_CLIENTS, and a developer may export SAGEBOX_HOME; only the
        // program's own SAGEBOX_ variables belong here, and the tests check that it hides them from the script.
        builder.environment().keySet().removeIf(name -> name.startsWith("SM_") || name.startsWith("SAGEMAKER_")
                || name.startsWith("SAGEBOX_"));
        builder.environment().putAll(environment);
        builder.environment().putAll(launch.environment());
        builder.redirectOutput(root.resolve("stdout.txt").toFile()).redirectError(root.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder.start();
    }

    /** Runs the program to the end. */
    Run run() throws IOException, InterruptedException {
        Process process = start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("script mode did not finish in 3 minutes\n" + stderr());
        }
        return new Run(process.exitValue(), Files.readString(root.resolve("stdout.txt")), stderr());
    }

    String stderr() throws IOException {
        Path file = root.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Reads a JSON file the user script wrote into output/data. */
    JsonNode outputJson(String name) throws IOException {
        return JSON.readTree(output("data").resolve(name).toFile());
    }

    /** Polls for a file, as a client polls Describe, until a deadline. */
    static void awaitFile(Path file, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.exists(file)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + file + " after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** One finished run. */
    record Run(int exitCode, String stdout, String stderr) {
        Run assertExit(int expected) {
            if (exitCode != expected) {
                throw new AssertionError("expected exit " + expected + " but got " + exitCode + "\n--- stdout\n"
                        + stdout + "\n--- stderr\n" + stderr);
            }
            return this;
        }
    }
}
