package dev.sagebox.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelServerProgramTest {
    @TempDir
    Path data;

    @Test
    void installIn_writesTheProgramAndScriptModesVenvModulesUnderLib() throws IOException {
        ModelServerProgram program = ModelServerProgram.installIn(data);

        assertThat(program.libDir()).isEqualTo(data.resolve("lib"));
        for (String name : ModelServerProgram.FILES) {
            assertThat(data.resolve("lib").resolve(name)).isRegularFile();
        }
        assertThat(data.resolve("lib/sagebox_venv.py")).hasSameTextualContentAs(
                Path.of("src/main/resources/dev/sagebox/scriptmode/sagebox_venv.py"));
        assertThat(data.resolve("lib/sagebox_process.py")).isRegularFile();
        assertThat(Files.readString(program.mainFile())).contains("def main():");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(program.mainFile())))
                .isEqualTo("rw-r--r--");
        try (var leftovers = Files.list(data.resolve("lib"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void installIn_unchangedContent_isNotRewritten_andChangedContentIsReplaced() throws IOException {
        ModelServerProgram program = ModelServerProgram.installIn(data);
        String original = Files.readString(program.mainFile());
        Path helper = data.resolve("lib/sagebox_http.py");
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(helper, old);
        Files.writeString(program.mainFile(), "print('stale build')\n");

        ModelServerProgram.installIn(data);

        assertThat(Files.getLastModifiedTime(helper)).isEqualTo(old);
        assertThat(Files.readString(program.mainFile())).isEqualTo(original);
    }

    @Test
    void launch_runsTheInterpreterOnTheProgramWithTheServingVariables() throws IOException {
        ModelServerProgram program = ModelServerProgram.installIn(data);
        ModelServerHost host = ModelServerHost.of("/usr/bin/python3", Path.of("/data/endpoints/ep/opt/ml"), 40123,
                Path.of("/venvs")).withExecutionParameters("{\"MaxPayloadInMB\":6}");

        ModelServerLaunch launch = program.launch(host);

        assertThat(launch.command()).containsExactly("/usr/bin/python3", "-u", "-B", program.mainFile().toString());
        assertThat(launch.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SAGEMAKER_BASE_DIR", "/data/endpoints/ep/opt/ml",
                "SAGEMAKER_BIND_TO_PORT", "40123",
                "SAGEBOX_BIND_ADDRESS", "127.0.0.1",
                "SAGEBOX_VENV_CACHE", "/venvs",
                "SAGEBOX_EXECUTION_PARAMETERS", "{\"MaxPayloadInMB\":6}"));
    }

    @Test
    void launch_withoutExecutionParameters_leavesTheVariableOut_andKeepsTheBindAddressGiven() throws IOException {
        ModelServerLaunch launch = ModelServerProgram.installIn(data).launch(
                ModelServerHost.of("python3", Path.of("/opt/ml"), 8080, Path.of("/venvs")).withBindAddress("0.0.0.0"));

        assertThat(launch.environment()).doesNotContainKey("SAGEBOX_EXECUTION_PARAMETERS")
                .containsEntry("SAGEBOX_BIND_ADDRESS", "0.0.0.0");
    }

    @Test
    void host_refusesAPortTheHosterCouldNotKnow() {
        assertThatThrownBy(() -> ModelServerHost.of("python3", Path.of("/opt/ml"), 0, Path.of("/venvs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }
}
