package dev.sagebox.scriptmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entry point types and the ways code reaches /opt/ml/code. */
class ScriptModeEntryPointTest {
    private static final String S3_SOURCE = "s3://bkt/demo/source/sourcedir.tar.gz";

    @TempDir
    Path root;
    ScriptModeJob job;

    @BeforeEach
    void setUp() throws IOException {
        job = new ScriptModeJob(root);
    }

    @Test
    void shellScript_isACommandRunWithShellQuotedArguments() throws Exception {
        job.entryPoint("train.sh")
                .sourceFile("train.sh", "printf '%s\\n' \"$@\" > \"$SM_OUTPUT_DATA_DIR/args.txt\"\n")
                .hyperparameter("title", "\"two words\"").hyperparameter("n", "3");

        ScriptModeJob.Run run = job.run().assertExit(0);

        assertThat(Files.readAllLines(job.output("data/args.txt"))).containsExactly("-n", "3", "--title", "two words");
        assertThat(Files.isExecutable(job.optMl().resolve("code/train.sh"))).isTrue();
        assertThat(run.stderr()).contains("/bin/sh -c \"./train.sh -n 3 --title 'two words'\"");
    }

    @Test
    void pythonScript_isAProgramRunByTheInterpreter() throws Exception {
        job.entryPoint("train.py").sourceFile("train.py", ScriptModeEnvironmentTest.DUMP_SCRIPT)
                .hyperparameter("epochs", "2");

        ScriptModeJob.Run run = job.run().assertExit(0);

        assertThat(ScriptModeEnvironmentTest.strings(job.outputJson("dump.json").get("argv")))
                .containsExactly("--epochs", "2");
        assertThat(run.stderr()).containsPattern("\\n\\S*python\\S* train.py --epochs 2\\n");
    }

    @Test
    void setupPy_makesAPackageInstalledAndRunWithDashM() throws Exception {
        Assumptions.assumeTrue(OfflinePip.canDownload("setuptools"),
                "pip cannot fetch setuptools offline here, so `pip install .` cannot build the package");
        job.entryPoint("trainer.py")
                .sourceFile("setup.py", "from setuptools import setup\n"
                        + "setup(name='sagebox-demo-trainer', version='1.2', py_modules=['trainer'])\n")
                .sourceFile("trainer.py", """
                        import importlib.metadata, json, os, sys
                        with open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "package.json"), "w") as f:
                            json.dump({"name": __name__, "argv": sys.argv[1:], "prefix": sys.prefix,
                                       "version": importlib.metadata.version("sagebox-demo-trainer")}, f)
                        """)
                .hyperparameter("epochs", "2")
                .env("PIP_RETRIES", "0");

        ScriptModeJob.Run run = job.run().assertExit(0);

        JsonNode dump = job.outputJson("package.json");
        assertThat(dump.get("name").asText()).isEqualTo("__main__");
        assertThat(ScriptModeEnvironmentTest.strings(dump.get("argv"))).containsExactly("--epochs", "2");
        assertThat(dump.get("version").asText()).isEqualTo("1.2");
        assertThat(dump.get("prefix").asText()).startsWith(root.resolve("venvs").toString());
        assertThat(run.stderr()).containsPattern("python -m trainer --epochs 2\\n");
    }

    @Test
    void s3SubmitDirectory_isExtractedFromTheStoredObjectFile() throws Exception {
        job.sourceFile("train.py", ScriptModeEnvironmentTest.DUMP_SCRIPT).sourceFile("lib/helper.py", "X = 1\n");
        Path tarball = root.resolve("objects/sourcedir.tar.gz");
        tar(job.source(), tarball);
        long size = Files.size(tarball);
        job.hyperparameter("sagemaker_program", "\"train.py\"")
                .hyperparameter("sagemaker_submit_directory", "\"" + S3_SOURCE + "\"")
                .host(host -> host.withSubmitTarball(tarball));

        job.run().assertExit(0);

        assertThat(job.optMl().resolve("code/lib/helper.py")).exists();
        assertThat(job.outputJson("dump.json").get("env").get("SM_MODULE_DIR").asText()).isEqualTo(S3_SOURCE);
        assertThat(tarball).exists().hasSize(size);
    }

    @Test
    void s3SubmitDirectory_withoutItsLocalFile_failsAsClientError() throws Exception {
        job.hyperparameter("sagemaker_program", "\"train.py\"")
                .hyperparameter("sagemaker_submit_directory", "\"" + S3_SOURCE + "\"");

        job.run().assertExit(1);

        assertThat(job.output("failure")).content().startsWith("ClientError: ").contains(S3_SOURCE);
    }

    @Test
    void fileUriSubmitDirectory_isCopied() throws Exception {
        job.sourceFile("train.py", ScriptModeEnvironmentTest.DUMP_SCRIPT)
                .hyperparameter("sagemaker_program", "\"train.py\"")
                .hyperparameter("sagemaker_submit_directory", "\"file://" + job.source() + "\"");

        job.run().assertExit(0);

        assertThat(job.output("data/dump.json")).exists();
        assertThat(job.source().resolve("train.py")).exists();
    }

    @Test
    void codeDirAlreadyFilled_isUsedAsItIs() throws Exception {
        Files.writeString(job.optMl().resolve("code/train.py"), ScriptModeEnvironmentTest.DUMP_SCRIPT);
        job.entryPoint("train.py").sourceFile("train.py", "raise SystemExit('the submit dir must not be used')\n");

        job.run().assertExit(0);

        assertThat(job.output("data/dump.json")).exists();
    }

    @Test
    void noEntryPoint_failsAsClientError() throws Exception {
        job.run().assertExit(1);

        assertThat(job.output("failure")).content().startsWith("ClientError: no entry point");
    }

    private static void tar(Path directory, Path tarball) throws IOException, InterruptedException {
        Files.createDirectories(tarball.getParent());
        Process process = new ProcessBuilder(List.of("tar", "-czf", tarball.toString(), "-C", directory.toString(),
                ".")).redirectErrorStream(true).start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }
}
