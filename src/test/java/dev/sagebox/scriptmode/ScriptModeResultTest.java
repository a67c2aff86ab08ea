package dev.sagebox.scriptmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** output/success, output/failure, the exit code of the emulated container, and stopping. */
class ScriptModeResultTest {
    @TempDir
    Path root;
    ScriptModeJob job;

    @BeforeEach
    void setUp() throws IOException {
        job = new ScriptModeJob(root).entryPoint("train.py");
    }

    @Test
    void exitZero_writesAnEmptySuccessFile() throws Exception {
        job.sourceFile("train.py", "print('trained')\n");

        ScriptModeJob.Run run = job.run().assertExit(0);

        assertThat(run.stdout()).contains("trained");
        assertThat(job.output("success")).exists().isEmptyFile();
        assertThat(job.output("failure")).doesNotExist();
        assertThat(ScriptModeResult.read(job.resultFile())).contains(new ScriptModeResult(0, 0, null, false));
    }

    @Test
    void nonZeroExit_writesFailureWithTheScriptsCodeAndStderr_andExitsOne() throws Exception {
        job.sourceFile("train.py", """
                import sys
                print("loading data", file=sys.stderr)
                print("ValueError: learning rate must be positive", file=sys.stderr)
                sys.exit(3)
                """);

        ScriptModeJob.Run run = job.run().assertExit(1);

        String failure = Files.readString(job.output("failure"));
        assertThat(failure).matches("(?s)ExecuteUserScriptError:\nExitCode 3\n"
                + "ErrorMessage \"ValueError: learning rate must be positive\"\nCommand \"\\S*python\\S* train.py\"");
        assertThat(job.output("success")).doesNotExist();
        assertThat(run.stderr()).contains("loading data").contains("Reporting training FAILURE");
        assertThat(ScriptModeResult.read(job.resultFile()))
                .contains(new ScriptModeResult(1, 3, "ExecuteUserScriptError", false));
    }

    @Test
    void nonZeroExit_withoutANamedError_reportsTheLastLinesOfStderr() throws Exception {
        job.sourceFile("train.py", """
                import sys
                for i in range(1, 16):
                    print("step %d" % i, file=sys.stderr)
                sys.exit(4)
                """);

        job.run().assertExit(1);

        String failure = Files.readString(job.output("failure"));
        assertThat(failure).contains("ExitCode 4\nErrorMessage \"step 6\nstep 7\n")
                .contains("step 15\"\nCommand").doesNotContain("step 5\n");
    }

    @Test
    void failureFileWrittenByTheScript_isKept() throws Exception {
        job.sourceFile("train.py", """
                import os, sys
                with open(os.path.join(os.environ["SM_OUTPUT_DIR"], "failure"), "w") as f:
                    f.write("my own reason")
                sys.exit(2)
                """);

        job.run().assertExit(1);

        assertThat(job.output("failure")).hasContent("my own reason");
        assertThat(ScriptModeResult.read(job.resultFile()))
                .contains(new ScriptModeResult(1, 2, "ExecuteUserScriptError", false));
    }

    @Test
    void sigterm_isForwardedToTheScriptsProcessGroup() throws Exception {
        job.sourceFile("train.py", """
                import os, signal, subprocess, sys, time
                out = os.environ["SM_OUTPUT_DATA_DIR"]
                worker = subprocess.Popen([sys.executable, "-c",
                    "import signal, sys, time\\n"
                    "signal.signal(signal.SIGTERM, lambda *a: (open(sys.argv[1], 'w').write('worker'), sys.exit(0)))\\n"
                    "open(sys.argv[2], 'w').close()\\n"
                    "time.sleep(120)\\n", os.path.join(out, "worker-term"), os.path.join(out, "worker-ready")])
                def on_term(signum, frame):
                    worker.wait()
                    with open(os.path.join(out, "term"), "w") as f:
                        f.write(signal.Signals(signum).name)
                    sys.exit(0)
                signal.signal(signal.SIGTERM, on_term)
                deadline = time.time() + 60
                while not os.path.exists(os.path.join(out, "worker-ready")) and time.time() < deadline:
                    time.sleep(0.01)
                open(os.path.join(out, "ready"), "w").close()
                time.sleep(120)
                """);
        Process process = job.start();
        ScriptModeJob.awaitFile(job.output("data/ready"), Duration.ofMinutes(1));

        process.destroy(); // SIGTERM, as StopTrainingJob sends

        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as(job.stderr()).isTrue();
        assertThat(job.output("data/term")).hasContent("SIGTERM");
        assertThat(job.output("data/worker-term")).hasContent("worker");
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(job.output("success")).doesNotExist();
        assertThat(job.output("failure")).doesNotExist();
        assertThat(ScriptModeResult.read(job.resultFile())).hasValueSatisfying(r -> assertThat(r.stopped()).isTrue());
    }
}
