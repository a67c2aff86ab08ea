package dev.sagebox.scriptmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptModeProgramTest {
    @TempDir
    Path data;

    @Test
    void installIn_extractsEveryModuleUnderLib() throws IOException {
        ScriptModeProgram program = ScriptModeProgram.installIn(data);

        assertThat(program.libDir()).isEqualTo(data.resolve("lib"));
        for (String name : ScriptModeProgram.FILES) {
            assertThat(data.resolve("lib").resolve(name)).isRegularFile();
        }
        assertThat(Files.readString(program.mainFile())).contains("def main():");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(program.mainFile())))
                .isEqualTo("rw-r--r--");
        try (var leftovers = Files.list(data.resolve("lib"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void installIn_unchangedContent_isNotRewritten() throws IOException {
        ScriptModeProgram program = ScriptModeProgram.installIn(data);
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(program.mainFile(), old);

        ScriptModeProgram.installIn(data);

        assertThat(Files.getLastModifiedTime(program.mainFile())).isEqualTo(old);
    }

    @Test
    void installIn_changedContent_isReplaced() throws IOException {
        ScriptModeProgram program = ScriptModeProgram.installIn(data);
        String original = Files.readString(program.mainFile());
        Files.writeString(program.mainFile(), "print('stale build')\n");

        ScriptModeProgram.installIn(data);

        assertThat(Files.readString(program.mainFile())).isEqualTo(original);
    }

    @Test
    void launch_runsTheInterpreterOnTheProgramWithControlVariables() throws IOException {
        ScriptModeProgram program = ScriptModeProgram.installIn(data);
        ScriptModeHost host = ScriptModeHost.of("/usr/bin/python3", Path.of("/opt/ml"), Path.of("/venvs"))
                .withSubmitTarball(Path.of("/data/objects/ab/cd"))
                .withGpus(2)
                .withResultFile(Path.of("/data/jobs/demo/algo-1/result.json"));

        ScriptModeLaunch launch = program.launch(host);

        assertThat(launch.command()).containsExactly("/usr/bin/python3", "-u", "-B", program.mainFile().toString());
        assertThat(launch.environment()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "SAGEBOX_OPT_ML", "/opt/ml",
                "SAGEBOX_VENV_CACHE", "/venvs",
                "SAGEBOX_NUM_GPUS", "2",
                "SAGEBOX_SUBMIT_TARBALL", "/data/objects/ab/cd",
                "SAGEBOX_RESULT_FILE", "/data/jobs/demo/algo-1/result.json"));
    }

    @Test
    void launch_withoutOptionalFiles_leavesTheirVariablesOut() throws IOException {
        ScriptModeLaunch launch = ScriptModeProgram.installIn(data)
                .launch(ScriptModeHost.of("python3", Path.of("/opt/ml"), Path.of("/venvs")));

        assertThat(launch.environment()).doesNotContainKeys("SAGEBOX_SUBMIT_TARBALL", "SAGEBOX_RESULT_FILE")
                .containsEntry("SAGEBOX_NUM_GPUS", "0");
    }

    @Test
    void result_read_missingFile_isEmpty() throws IOException {
        assertThat(ScriptModeResult.read(data.resolve("absent.json"))).isEmpty();
    }

    @Test
    void result_read_parsesTheProgramsSummary() throws IOException {
        Path file = data.resolve("result.json");
        Files.writeString(file, "{\"error\": \"ExecuteUserScriptError\", \"exitCode\": 1, \"scriptExitCode\": 3, "
                + "\"stopped\": false}\n");

        assertThat(ScriptModeResult.read(file)).contains(new ScriptModeResult(1, 3, "ExecuteUserScriptError", false));
    }
}
