package dev.sagebox.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.OutputSource;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessWorkloadRuntimeTest {
    private final ProcessWorkloadRuntime runtime = new ProcessWorkloadRuntime();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final OutputListener collect = (source, line, at) -> lines.add(source + " " + line);

    private static WorkloadSpec sh(String script, Map<String, String> env, Path dir) {
        return WorkloadSpec.command(List.of("/bin/sh", "-c", script), env, dir, Map.of("sagebox.arn", "x"));
    }

    @Test
    void start_exitingProcess_deliversEveryLineBeforeExitStatus(@TempDir Path dir) throws Exception {
        Workload workload = runtime.start(sh("echo one; echo two >&2; printf 'last'; exit 3",
                Map.of("PATH", "/usr/bin:/bin"), dir), collect);
        ExitStatus status = workload.onExit().get(30, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(new ExitStatus.Exited(3));
        assertThat(lines).contains("STDOUT one", "STDERR two", "STDOUT last");
    }

    @Test
    void start_environment_isExactlyTheSpecs(@TempDir Path dir) throws Exception {
        Workload workload = runtime.start(sh("echo \"[$FOO][$HOME][$(pwd)]\"", Map.of("FOO", "bar"), dir), collect);
        workload.onExit().get(30, TimeUnit.SECONDS);
        assertThat(lines).containsExactly("STDOUT [bar][][" + dir.toRealPath() + "]");
    }

    @Test
    void stop_processGroup_termsEveryChildAndReportsStopped(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("child-ran");
        // The parent waits for its child even when TERM interrupts it: once the group leader exits, the rest of
        // the group is killed (as in a container), which would race with the child's own TERM trap.
        Workload workload = runtime.start(sh("(trap 'echo child-term; exit 0' TERM; touch " + marker
                + "; while true; do sleep 0.1; done) & child=$!; trap 'wait $child' TERM; wait $child",
                Map.of("PATH", "/usr/bin:/bin"), dir), collect);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(marker) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        workload.stop(Duration.ofSeconds(5));
        ExitStatus status = workload.onExit().get(30, TimeUnit.SECONDS);
        assertThat(status).isInstanceOf(ExitStatus.Stopped.class);
        assertThat(lines).contains(OutputSource.STDOUT + " child-term");
    }

    @Test
    void timeOut_ignoringTerm_isKilledAfterGraceAndReportsTimedOut(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("started");
        Workload workload = runtime.start(sh("trap '' TERM; touch " + marker + "; while true; do sleep 0.1; done",
                Map.of("PATH", "/usr/bin:/bin"), dir), collect);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(marker) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        workload.timeOut(Duration.ofMillis(200));
        ExitStatus status = workload.onExit().get(30, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(new ExitStatus.TimedOut(137));
    }

    @Test
    void start_missingProgram_exits127AndSaysWhyOnStderr(@TempDir Path dir) throws Exception {
        WorkloadSpec spec = WorkloadSpec.command(List.of(dir.resolve("nope").toString()), Map.of(), dir, Map.of());
        ExitStatus status;
        try {
            status = runtime.start(spec, collect).onExit().get(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // Without setsid, ProcessBuilder itself reports the missing program.
            assertThat(e).hasMessageContaining("nope");
            return;
        }
        assertThat(status).isEqualTo(new ExitStatus.Exited(127));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("STDERR").contains("nope"));
    }

    @Test
    void reapOrphans_killsOnlyWorkloadsCarryingAllLabels(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
        Workload mine = runtime.start(WorkloadSpec.command(List.of("/bin/sh", "-c", "sleep 60"), env, dir,
                Map.of("sagebox.jobs", dir.toString(), "sagebox.host", "algo-1")), collect);
        Workload other = runtime.start(WorkloadSpec.command(List.of("/bin/sh", "-c", "sleep 60"), env, dir,
                Map.of("sagebox.jobs", dir + "-other")), collect);
        try {
            int reaped = new ProcessWorkloadRuntime().reapOrphans(Map.of("sagebox.jobs", dir.toString()));
            assertThat(reaped).isEqualTo(1);
            assertThat(mine.onExit().get(30, TimeUnit.SECONDS).code()).isEqualTo(137);
            assertThat(other.onExit().isDone()).isFalse();
        } finally {
            other.stop(Duration.ZERO);
            other.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
