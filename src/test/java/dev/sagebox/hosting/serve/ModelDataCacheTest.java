package dev.sagebox.hosting.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.hosting.api.ContainerDefinition;
import dev.sagebox.jobs.TarGz;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.state.StateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging model data within ModelDataDownloadTimeoutInSeconds, on a real object store and a real tarball. */
class ModelDataCacheTest {
    private static final int SIZE = 16 << 20;

    @TempDir
    Path root;
    private StateStore state;
    private ModelDataCache cache;
    private ContainerDefinition container;

    @BeforeEach
    void open() throws IOException {
        Path home = root.resolve("home");
        state = StateStore.open(home, List.of(ObjectStore.schema()));
        cache = new ModelDataCache(root.resolve("models"), ObjectStore.open(home, state));
        Path model = Files.createDirectories(root.resolve("model"));
        try (OutputStream out = Files.newOutputStream(model.resolve("weights.bin"))) {
            out.write(new byte[SIZE]);
        }
        Path tarball = root.resolve("model.tar.gz");
        TarGz.write(model, tarball);
        container = new ContainerDefinition(null, "img", null, "file://" + tarball, null, null);
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void stage_pastItsLimit_failsAndLeavesNothingHalfStaged() throws Exception {
        assertThatThrownBy(() -> cache.stage(container, Duration.ofMillis(1))).isInstanceOf(IOException.class)
                .hasMessageContaining("did not finish within")
                .hasMessageContaining("ModelDataDownloadTimeoutInSeconds");

        // The interrupt may come after the extraction already finished and was renamed into place: a complete model
        // may stay cached, but once the failure is reported there is no temp directory and nothing partly filled.
        assertThat(staging()).isEmpty();
        for (Path staged : entries()) {
            assertThat(Files.size(staged.resolve("weights.bin"))).isEqualTo(SIZE);
        }
    }

    @Test
    void stage_withinItsLimit_extractsTheModel() throws Exception {
        Path dir = cache.stage(container, Duration.ofSeconds(60));

        assertThat(Files.size(dir.resolve("weights.bin"))).isEqualTo(SIZE);
    }

    /** Temp directories of stagings still running or abandoned. */
    private List<Path> staging() throws IOException {
        return entries().stream().filter(p -> p.getFileName().toString().startsWith(".staging-")).toList();
    }

    /** What is under the cache root: staged models and temp directories alike. */
    private List<Path> entries() throws IOException {
        Path models = root.resolve("models");
        if (!Files.isDirectory(models)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(models)) {
            return list.toList();
        }
    }
}
