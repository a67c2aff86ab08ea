package dev.sagebox.modelserver;

import static dev.sagebox.modelserver.ServedModel.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** code/requirements.txt: installed into a venv cached by content, shared with script mode's cache layout. */
class RequirementsTest {
    /** Small, pure Python, on this machine's offline index, and not installed in python3 itself. */
    private static final String REQUIREMENT = "tomli-w";
    private static final String HANDLER = """
            import tomli_w

            def model_fn(model_dir): return tomli_w.__file__
            def transform_fn(model, body, content_type, accept): return model
            """;

    @TempDir
    Path root;

    @Test
    void requirements_installIntoACachedVenv_thatASecondServerReuses() throws Exception {
        Assumptions.assumeTrue(canDownload(REQUIREMENT), "pip cannot fetch " + REQUIREMENT + " offline here");
        Assumptions.assumeFalse(DefaultCodecsTest.imports("tomli_w"), "python3 already has tomli_w");
        Path cache = root.resolve("venvs");
        String imported;
        try (ServedModel first = served("first", cache)) {
            imported = text(first.invoke("application/json", null, "1"));
            assertThat(imported).startsWith(cache.toString());
            assertThat(first.stdout()).contains("Installing dependencies from requirements.txt");
        }
        // A second endpoint on the same data dir, with the same requirements, starts without pip.
        try (ServedModel second = served("second", cache)) {
            assertThat(second.stdout()).contains("Reusing the cached environment")
                    .doesNotContain("Installing dependencies");
            assertThat(text(second.invoke("application/json", null, "1"))).isEqualTo(imported);
        }
        assertThat(venvs(cache)).hasSize(1);
    }

    @Test
    void missingRequirement_failsTheLoad_withPipsMessage() throws Exception {
        try (ServedModel served = new ServedModel(root).handler(HANDLER)
                .codeFile("requirements.txt", "sagebox-missing-package-for-tests==9.9.9\n")
                .env("PIP_RETRIES", "0").start()) {
            assertThat(served.awaitExit(Duration.ofMinutes(3))).isEqualTo(1);
            assertThat(served.stderr()).contains("pip install -r requirements.txt exited 1")
                    .contains("sagebox-missing-package-for-tests");
            assertThat(venvs(root.resolve("venvs"))).isEmpty();
        }
    }

    private ServedModel served(String name, Path cache) throws IOException, InterruptedException {
        return new ServedModel(root.resolve(name)).venvCache(cache).handler(HANDLER)
                .codeFile("requirements.txt", REQUIREMENT + "\n").env("PIP_RETRIES", "0").startHealthy();
    }

    private static List<Path> venvs(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(cache)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }

    private static boolean canDownload(String requirement) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pip-probe");
        try {
            Process process = new ProcessBuilder(ServedModel.PYTHON, "-m", "pip", "download", "--no-deps",
                    "--retries", "0", "--timeout", "10", "-q", "-d", dir.toString(), requirement)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0;
        } finally {
            dev.sagebox.testing.TestFiles.deleteRecursively(dir);
        }
    }
}
