package dev.sagebox.jobs.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.jobs.ProcessImages;
import dev.sagebox.runtime.docker.DockerSettings;
import dev.sagebox.runtime.docker.DockerWorkloadRuntime;
import dev.sagebox.runtime.process.ProcessWorkloadRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime choice with the real runtimes; the Docker one points at a socket where no engine listens. */
class RuntimeSelectorTest {
    private static final String MAPPED = "123456789012.dkr.ecr.us-east-1.amazonaws.com/byo:1";
    private static final String UNMAPPED = "123456789012.dkr.ecr.us-east-1.amazonaws.com/other:1";

    @TempDir
    Path dir;
    private DockerWorkloadRuntime docker;
    private final ProcessWorkloadRuntime processes = new ProcessWorkloadRuntime();
    private ProcessImages images;

    @BeforeEach
    void setUp() throws IOException {
        docker = new DockerWorkloadRuntime(new DockerSettings("unix://" + dir.resolve("no-engine.sock"), false,
                "auto", null, false, true, Map.of()));
        Files.writeString(dir.resolve("images.json"), """
                {"images": [{"image": "*/byo:*", "directory": "/opt/byo"}]}
                """);
        images = new ProcessImages(dir.resolve("images.json"));
    }

    @AfterEach
    void tearDown() throws IOException {
        docker.close();
    }

    private RuntimeSelector selector(RuntimeSelector.Mode mode, Map<String, RuntimeSelector.Mode> perImage) {
        return new RuntimeSelector(mode, perImage, docker, processes, images);
    }

    @Test
    void auto_withoutAnEngine_fallsBackToTheProcessMapping() throws PlacementException {
        Placement placement = selector(RuntimeSelector.Mode.AUTO, Map.of()).place(MAPPED);
        assertThat(placement).isInstanceOf(Placement.HostProcess.class);
        assertThat(placement.runtime()).isSameAs(processes);
        assertThat(((Placement.HostProcess) placement).mapping().directory()).isEqualTo("/opt/byo");
    }

    @Test
    void auto_neitherLocalNorMapped_failsWithTheRemedy() {
        assertThatThrownBy(() -> selector(RuntimeSelector.Mode.AUTO, Map.of()).place(UNMAPPED))
                .isInstanceOf(PlacementException.class)
                .hasMessage("Image " + UNMAPPED + " is not in the local cache; run \"sagebox images pull " + UNMAPPED
                        + "\" while online, or map it to a local runtime");
    }

    @Test
    void docker_withoutAnEngine_failsNamingTheEngine_evenWhenMapped() {
        assertThatThrownBy(() -> selector(RuntimeSelector.Mode.DOCKER, Map.of()).place(MAPPED))
                .hasMessageStartingWith("sagebox.runtime is docker, but no Docker engine answers at unix://"
                        + dir.resolve("no-engine.sock"));
        assertThatThrownBy(() -> new RuntimeSelector(RuntimeSelector.Mode.DOCKER, Map.of(), null, processes, images)
                .place(MAPPED)).hasMessage("sagebox.runtime is docker, but this Sagebox has no Docker runtime");
    }

    @Test
    void perImageOverride_winsOverTheMode() throws PlacementException {
        Map<String, RuntimeSelector.Mode> perImage = RuntimeSelector.parsePerImage("sagebox.runtime.images",
                "*/byo:*=process, *=docker");
        assertThat(selector(RuntimeSelector.Mode.DOCKER, perImage).place(MAPPED))
                .isInstanceOf(Placement.HostProcess.class);
        assertThatThrownBy(() -> selector(RuntimeSelector.Mode.PROCESS, perImage).place(UNMAPPED))
                .hasMessageStartingWith("sagebox.runtime is docker, but no Docker engine answers");
    }

    @Test
    void reapOrphans_withoutAnEngine_reapsHostProcessesOnly() {
        assertThat(selector(RuntimeSelector.Mode.AUTO, Map.of()).reapOrphans(Map.of("sagebox.jobs",
                dir.resolve("jobs").toString()))).isZero();
    }

    @Test
    void modes_parseCaseInsensitively_andRefuseOthersNamingTheKey() {
        assertThat(RuntimeSelector.Mode.parse("sagebox.runtime", " Docker ")).isEqualTo(RuntimeSelector.Mode.DOCKER);
        assertThat(RuntimeSelector.Mode.parse("sagebox.runtime", null)).isEqualTo(RuntimeSelector.Mode.AUTO);
        assertThatThrownBy(() -> RuntimeSelector.Mode.parse("sagebox.runtime", "podman"))
                .hasMessage("sagebox.runtime must be auto, docker or process, not 'podman'");
        assertThatThrownBy(() -> RuntimeSelector.parsePerImage("sagebox.runtime.images", "*/x:*"))
                .hasMessage("sagebox.runtime.images entries are <image>=auto|docker|process, not '*/x:*'");
    }
}
