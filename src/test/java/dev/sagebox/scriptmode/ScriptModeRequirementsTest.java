package dev.sagebox.scriptmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** requirements.txt: installed into a venv cached by content, which still sees the interpreter's own packages. */
class ScriptModeRequirementsTest {
    /** Small, pure Python, on this machine's offline index, and not installed in python3 itself. */
    private static final String REQUIREMENT = "tomli-w";
    /** Reports where the requirement and one of the interpreter's own packages were imported from. */
    private static final String IMPORT_SCRIPT = """
            import json, os, sys
            import tomli_w, %s
            with open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "imports.json"), "w") as f:
                json.dump({"requirement": tomli_w.__file__, "own": %s.__file__, "prefix": sys.prefix,
                           "path": os.environ["PATH"]}, f)
            """;

    @TempDir
    Path root;
    Path cache;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(OfflinePip.canDownload(REQUIREMENT),
                "pip cannot fetch " + REQUIREMENT + " offline here");
        Assumptions.assumeFalse(OfflinePip.isImportable("tomli_w"),
                "python3 already has tomli_w, so requirements.txt would install nothing");
        cache = Files.createDirectories(root.resolve("venvs"));
    }

    @Test
    void requirements_installIntoACachedVenv_andTheSecondRunReusesIt() throws Exception {
        // pip lives in the interpreter's own site-packages, which a plain venv would not see.
        ScriptModeJob first = job("first", "pip");

        ScriptModeJob.Run firstRun = first.run().assertExit(0);

        JsonNode imports = first.outputJson("imports.json");
        assertThat(imports.get("requirement").asText()).startsWith(cache.toString());
        assertThat(imports.get("prefix").asText()).startsWith(cache.toString());
        assertThat(imports.get("own").asText()).doesNotStartWith(cache.toString());
        assertThat(imports.get("path").asText()).startsWith(Path.of(imports.get("prefix").asText(), "bin") + ":");
        assertThat(firstRun.stdout()).contains("Successfully installed");
        assertThat(venvs()).hasSize(1);

        ScriptModeJob second = job("second", "pip");
        ScriptModeJob.Run secondRun = second.run().assertExit(0);

        assertThat(secondRun.stderr()).contains("Reusing the cached environment");
        assertThat(secondRun.stdout()).doesNotContain("Successfully installed").doesNotContain("Collecting");
        assertThat(second.outputJson("imports.json").get("requirement").asText())
                .isEqualTo(imports.get("requirement").asText());
        assertThat(venvs()).hasSize(1);
    }

    @Test
    void venv_seesThePackagesOfAnInterpreterThatIsItselfAVenv() throws Exception {
        Path outer = root.resolve("outer-venv");
        python(List.of(ScriptModeJob.PYTHON, "-m", "venv", "--without-pip", "--system-site-packages",
                outer.toString()));
        Path sitePackages;
        try (Stream<Path> found = Files.find(outer.resolve("lib"), 2, (p, a) -> p.endsWith("site-packages"))) {
            sitePackages = found.findFirst().orElseThrow();
        }
        Files.writeString(sitePackages.resolve("sagebox_outer_marker.py"), "OUTER = True\n");
        ScriptModeJob job = job("nested", "sagebox_outer_marker")
                .host(host -> new ScriptModeHost(outer.resolve("bin/python").toString(), host.optMl(),
                        host.venvCache(), null, 0, host.resultFile()));

        job.run().assertExit(0);

        JsonNode imports = job.outputJson("imports.json");
        assertThat(imports.get("own").asText()).startsWith(sitePackages.toString());
        assertThat(imports.get("requirement").asText()).startsWith(cache.toString());
    }

    @Test
    void missingPackage_failsWithInstallRequirementsError_andLeavesNoVenv() throws Exception {
        ScriptModeJob job = job("missing", "json");
        job.sourceFile("requirements.txt", "sagebox-missing-package-for-tests==9.9.9\n");

        job.run().assertExit(1);

        String failure = Files.readString(job.output("failure"));
        assertThat(failure).startsWith("InstallRequirementsError:\nExitCode 1\nErrorMessage \"")
                .contains("sagebox-missing-package-for-tests")
                .endsWith(" -m pip install -r requirements.txt\"");
        assertThat(ScriptModeResult.read(job.resultFile())).hasValueSatisfying(result -> {
            assertThat(result.error()).isEqualTo("InstallRequirementsError");
            assertThat(result.scriptExitCode()).isNull();
        });
        assertThat(job.output("data/imports.json")).doesNotExist();
        assertThat(venvs()).isEmpty();
    }

    private ScriptModeJob job(String name, String ownModule) throws IOException {
        return new ScriptModeJob(Files.createDirectories(root.resolve(name))).venvCache(cache)
                .entryPoint("train.py")
                .sourceFile("train.py", IMPORT_SCRIPT.formatted(ownModule, ownModule))
                .sourceFile("requirements.txt", REQUIREMENT + "\n")
                .env("PIP_RETRIES", "0");
    }

    private List<Path> venvs() throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }

    private static void python(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
