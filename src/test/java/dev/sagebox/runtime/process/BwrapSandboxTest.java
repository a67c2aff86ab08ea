package dev.sagebox.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BwrapSandboxTest {
    private final ProcessWorkloadRuntime runtime = new ProcessWorkloadRuntime(SandboxMode.AUTO);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final OutputListener collect = (source, line, at) -> lines.add(line);

    @BeforeEach
    void requireBwrap() {
        Assumptions.assumeTrue(runtime.honoursMounts(), "bwrap is not available here (apt-get install bubblewrap)");
    }

    private static WorkloadSpec sandboxed(String script, Path tree) {
        return WorkloadSpec.command(List.of("/bin/sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"), tree,
                Map.of()).withSandbox(List.of(new Mount(tree, "/opt/ml", false),
                new Mount(tree.resolve("input"), "/opt/ml/input", true)), false);
    }

    @Test
    void start_mountsTreeAtOptMlWithReadOnlyPartsAndStartsThere(@TempDir Path tree) throws Exception {
        Files.createDirectories(tree.resolve("input"));
        Workload workload = runtime.start(sandboxed("pwd; echo x > /opt/ml/model.txt && echo rw-ok; "
                + "echo y > /opt/ml/input/y.txt || echo ro-ok", tree), collect);
        assertThat(workload.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));
        assertThat(lines).contains("/opt/ml", "rw-ok", "ro-ok");
        assertThat(tree.resolve("model.txt")).hasContent("x");
        assertThat(tree.resolve("input/y.txt")).doesNotExist();
    }

    @Test
    void stop_inSandbox_termReachesTheJobsTrapBeforeAnyKill(@TempDir Path tree) throws Exception {
        Files.createDirectories(tree.resolve("input"));
        Workload workload = runtime.start(sandboxed("trap 'sleep 0.3; echo trapped > /opt/ml/trap.txt; exit 0' "
                + "TERM; echo ready; while true; do sleep 0.05; done", tree), collect);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!lines.contains("ready") && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        workload.stop(Duration.ofSeconds(10));
        ExitStatus status = workload.onExit().get(30, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(new ExitStatus.Stopped(0));
        assertThat(tree.resolve("trap.txt")).hasContent("trapped\n");
    }

    @Test
    void inside_mapsHostPathsThroughTheLastMountHoldingThem() {
        List<Mount> mounts = List.of(new Mount(Path.of("/data/job/opt/ml"), "/opt/ml", false),
                new Mount(Path.of("/data/job/opt/ml/input"), "/opt/ml/input", true));
        assertThat(BwrapSandbox.inside(Path.of("/data/job/opt/ml"), mounts)).isEqualTo("/opt/ml");
        assertThat(BwrapSandbox.inside(Path.of("/data/job/opt/ml/input/data"), mounts))
                .isEqualTo("/opt/ml/input/data");
        assertThat(BwrapSandbox.inside(Path.of("/home/me/algo"), mounts)).isEqualTo("/home/me/algo");
    }
}
