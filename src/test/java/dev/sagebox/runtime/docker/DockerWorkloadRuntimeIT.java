package dev.sagebox.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Container;
import dev.sagebox.runtime.ContainerOptions;
import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.Limits;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.OutputSource;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadRejectedException;
import dev.sagebox.runtime.WorkloadSpec;
import dev.sagebox.testing.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker runtime against a real engine with the busybox test image. */
class DockerWorkloadRuntimeIT {
    private static final String RUN = UUID.randomUUID().toString();
    private static DockerWorkloadRuntime runtime;

    @TempDir
    Path dir;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        runtime = new DockerWorkloadRuntime(new DockerSettings(null, false, "auto", null, false, true,
                Map.of("acme/algo:7", TestImages.BUSYBOX)));
    }

    @AfterAll
    static void close() throws IOException {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** Per test, so each one is reported as skipped with the reason (or fails under SAGEBOX_REQUIRE_DOCKER=1). */
    @BeforeEach
    void check() {
        TestImages.assumeAvailable(TestImages.BUSYBOX);
    }

    private static WorkloadSpec spec(ContainerOptions options, List<Mount> mounts, Limits limits, boolean isolated,
                                     String script) {
        return WorkloadSpec.container(TestImages.BUSYBOX, options, List.of("sh", "-c", script),
                Map.of("FOO", "bar baz"), mounts, Map.of("sagebox.test", RUN), limits, isolated);
    }

    private static WorkloadSpec sh(String script) {
        return spec(new ContainerOptions(null, "algo-1", List.of("algo-1", "algo-2"), false, "it"), List.of(),
                Limits.none(), false, script);
    }

    private ExitStatus run(WorkloadSpec spec) throws Exception {
        return start(spec).onExit().get(60, TimeUnit.SECONDS);
    }

    private Workload start(WorkloadSpec spec) throws IOException {
        return runtime.start(spec, (source, line, at) -> lines.add((source == OutputSource.STDERR ? "E " : "")
                + line));
    }

    private List<Container> leftOver() {
        return TestImages.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("sagebox.test", RUN)).exec();
    }

    @Test
    void start_runsCommandWithEnvironmentHostnameAliasesAndUser() throws Exception {
        ExitStatus status = run(sh("echo \"$FOO\"; hostname; grep -c '127.0.0.1.algo-[12]' /etc/hosts; id -u; "
                + "id -g; echo \"$PATH\""));
        HostUser me = HostUser.current();
        assertThat(status).isEqualTo(new ExitStatus.Exited(0));
        assertThat(lines).containsExactly("bar baz", "algo-1", "2", String.valueOf(me.uid()),
                String.valueOf(me.gid()), "/bin");
    }

    @Test
    void output_framesAndLineEnds_becomeTheLinesAHostProcessWouldPrint() throws Exception {
        ExitStatus status = run(sh("printf 'one\\r\\ntwo\\rthree\\n'; printf 'oops\\n' >&2; printf 'päť'; "
                + "printf 'x%.0s' $(seq 1 70000) >&2; exit 3"));
        assertThat(status).isEqualTo(new ExitStatus.Exited(3));
        // Each stream keeps its order; between the two, arrival order is all there is, as for a host process.
        assertThat(lines.stream().filter(l -> !l.startsWith("E ")).toList())
                .containsExactly("one", "two", "three", "päť");
        List<String> stderr = lines.stream().filter(l -> l.startsWith("E ")).toList();
        assertThat(stderr).hasSize(2).startsWith("E oops");
        assertThat(stderr.get(1)).as("a 70000-character line arrives whole").hasSize(70002)
                .isEqualTo("E " + "x".repeat(70000));
    }

    @Test
    void entrypoint_replacesTheImageEntrypoint_commandBecomesItsArguments() throws Exception {
        WorkloadSpec spec = WorkloadSpec.container(TestImages.BUSYBOX, new ContainerOptions(List.of("echo"), null,
                List.of(), false, null), List.of("from", "entrypoint"), Map.of(), List.of(),
                Map.of("sagebox.test", RUN), Limits.none(), false);
        assertThat(run(spec)).isEqualTo(new ExitStatus.Exited(0));
        assertThat(lines).containsExactly("from entrypoint");
        assertThat(leftOver()).as("containers are removed").isEmpty();
    }

    @Test
    void mounts_readOnlyRefusesWrites_writableKeepsThem() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("data.csv"), "1,2");
        Path out = Files.createDirectories(dir.resolve("out"));
        ExitStatus status = run(spec(ContainerOptions.defaults(), List.of(new Mount(out, "/opt/ml", false),
                new Mount(in, "/opt/ml/input", true)), Limits.none(), false,
                "cat /opt/ml/input/data.csv > /opt/ml/copy.csv; echo x > /opt/ml/input/data.csv || echo refused"));
        assertThat(status).isEqualTo(new ExitStatus.Exited(0));
        assertThat(lines).contains("refused");
        assertThat(Files.readString(out.resolve("copy.csv"))).isEqualTo("1,2");
        assertThat(Files.readString(in.resolve("data.csv"))).isEqualTo("1,2");
    }

    @Test
    void stop_sendsSigtermFirst_andEndsStopped() throws Exception {
        Workload workload = start(sh("trap 'echo got TERM; exit 0' TERM; echo ready; while true; do sleep 1; done"));
        awaitLine("ready");
        workload.stop(Duration.ofSeconds(30));
        ExitStatus status = workload.onExit().get(60, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(new ExitStatus.Stopped(0));
        assertThat(lines).contains("got TERM");
    }

    @Test
    void timeOut_ignoringSigterm_isKilledAfterTheGrace() throws Exception {
        Workload workload = start(sh("trap '' TERM; echo ready; while true; do sleep 1; done"));
        awaitLine("ready");
        long started = System.nanoTime();
        workload.timeOut(Duration.ofSeconds(1));
        ExitStatus status = workload.onExit().get(60, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(new ExitStatus.TimedOut(137));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void memoryLimit_exceeded_isOomKilled() throws Exception {
        ExitStatus status = run(spec(ContainerOptions.defaults(), List.of(), new Limits(32L << 20, 1.0), false,
                "exec dd if=/dev/zero of=/dev/null bs=128M count=1"));
        assertThat(status).isInstanceOf(ExitStatus.OomKilled.class);
        assertThat(status.code()).isEqualTo(137);
    }

    @Test
    void shm_defaultsToOneGib_orHalfTheMemoryLimit() throws Exception {
        run(spec(ContainerOptions.defaults(), List.of(), Limits.none(), false, "df -k /dev/shm | tail -n 1"));
        run(spec(ContainerOptions.defaults(), List.of(), new Limits(512L << 20, null), false,
                "df -k /dev/shm | tail -n 1"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).split("\\s+")[1]).isEqualTo("1048576");
        assertThat(lines.get(1).split("\\s+")[1]).isEqualTo("262144");
    }

    @Test
    void networkIsolation_cannotReachTheHost_hostNetworkCan() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String probe = "nc -w 3 127.0.0.1 " + server.getLocalPort() + " </dev/null && echo connected";
            assertThat(run(spec(ContainerOptions.defaults(), List.of(), Limits.none(), false, probe)))
                    .isEqualTo(new ExitStatus.Exited(0));
            assertThat(run(spec(ContainerOptions.defaults(), List.of(), Limits.none(), true, probe)))
                    .isNotEqualTo(new ExitStatus.Exited(0));
            assertThat(lines).containsOnlyOnce("connected");
        }
    }

    @Test
    void missingProgram_endsLikeDockerRun_withExitCode127AndTheEnginesWords() throws Exception {
        WorkloadSpec spec = WorkloadSpec.container(TestImages.BUSYBOX, ContainerOptions.defaults(), List.of("train"),
                Map.of(), List.of(), Map.of("sagebox.test", RUN), Limits.none(), false);
        assertThat(run(spec)).isEqualTo(new ExitStatus.Exited(127));
        assertThat(lines).singleElement().asString().startsWith("E Sagebox: the container did not start:")
                .contains("train");
        assertThat(leftOver()).isEmpty();
    }

    @Test
    void foreignOwnedOutput_isGivenBackToTheServersUser() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        DockerWorkloadRuntime asRoot = new DockerWorkloadRuntime(new DockerSettings(null, false, "0:0", null,
                false, true, Map.of()));
        try {
            ExitStatus status = asRoot.start(spec(ContainerOptions.defaults(), List.of(new Mount(out, "/opt/ml",
                    false)), Limits.none(), false, "mkdir -p /opt/ml/model/secret && echo w > /opt/ml/model/secret/w"
                    + " && chown -R 4321:4321 /opt/ml/model && chmod 700 /opt/ml/model/secret && chmod 400 "
                    + "/opt/ml/model/secret/w"), (source, line, at) -> lines.add(line)).onExit()
                    .get(60, TimeUnit.SECONDS);
            assertThat(status).as(lines.toString()).isEqualTo(new ExitStatus.Exited(0));
        } finally {
            asRoot.close();
        }
        HostUser me = HostUser.current();
        for (Path path : List.of(out.resolve("model"), out.resolve("model/secret"), out.resolve("model/secret/w"))) {
            assertThat(Files.getAttribute(path, "unix:uid")).as(path.toString()).isEqualTo(me.uid());
            assertThat(Files.getAttribute(path, "unix:gid")).as(path.toString()).isEqualTo(me.gid());
        }
        assertThat(leftOver()).as("the clean-up container is removed too").isEmpty();
    }

    @Test
    void reapOrphans_removesContainersWithAllTheLabels_only() {
        String orphan = plant(Map.of("sagebox.test", RUN, "sagebox.jobs", "/data/a/jobs"));
        String other = plant(Map.of("sagebox.test", RUN, "sagebox.jobs", "/data/b/jobs"));
        try {
            assertThat(runtime.reapOrphans(Map.of("sagebox.jobs", "/data/a/jobs"))).isEqualTo(1);
            assertThat(leftOver()).extracting(Container::getId).containsExactly(other);
            assertThat(orphan).isNotEqualTo(other);
        } finally {
            TestImages.client().removeContainerCmd(other).withForce(true).exec();
        }
    }

    private static String plant(Map<String, String> labels) {
        String id = TestImages.client().createContainerCmd(TestImages.BUSYBOX).withCmd("sleep", "300")
                .withLabels(labels).withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withNetworkMode("none")).exec().getId();
        TestImages.client().startContainerCmd(id).exec();
        return id;
    }

    @Test
    void localImage_exactTag_ecrUri_alias_orEmpty() throws Exception {
        assertThat(runtime.localImage(TestImages.BUSYBOX)).contains(TestImages.BUSYBOX);
        assertThat(runtime.localImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/" + TestImages.BUSYBOX))
                .contains(TestImages.BUSYBOX);
        assertThat(runtime.localImage("acme/algo:7")).contains(TestImages.BUSYBOX);
        assertThat(runtime.localImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/nothing-here:1")).isEmpty();
        assertThat(runtime.localImage("Not A Reference")).isEmpty();
    }

    @Test
    void localImage_engineDown_isAnIoExceptionNamingTheEngine() {
        DockerWorkloadRuntime nowhere = new DockerWorkloadRuntime(new DockerSettings(
                "unix://" + dir.resolve("none.sock"), false, "auto", null, false, true, Map.of()));
        assertThat(nowhere.isAvailable()).isFalse();
        assertThatThrownBy(() -> nowhere.localImage(TestImages.BUSYBOX)).isInstanceOf(IOException.class)
                .hasMessageContaining("no Docker engine answers at unix://" + dir.resolve("none.sock"));
        assertThat(nowhere.reapOrphans(Map.of("sagebox.test", RUN))).isZero();
    }

    @Test
    void gpus_withoutAnNvidiaRuntime_runOnCpuWithAWarning_orFailWhenRequired() throws Exception {
        ContainerOptions gpus = new ContainerOptions(null, null, List.of(), true, null);
        assertThat(run(spec(gpus, List.of(), Limits.none(), false, "echo \"cpu $NVIDIA_VISIBLE_DEVICES\"")))
                .isEqualTo(new ExitStatus.Exited(0));
        assertThat(lines).first().asString().startsWith("E Sagebox: WARNING: this job asks for GPUs, but the Docker "
                + "engine at ").contains("has no nvidia runtime; running on CPU instead");
        assertThat(lines).last().isEqualTo("cpu ");
        DockerWorkloadRuntime strict = new DockerWorkloadRuntime(new DockerSettings(null, false, "auto", null, true,
                true, Map.of()));
        try {
            assertThatThrownBy(() -> strict.start(spec(gpus, List.of(), Limits.none(), false, "true"),
                    (s, l, a) -> { })).isInstanceOf(WorkloadRejectedException.class)
                    .hasMessageEndingWith("has no nvidia runtime (sagebox.docker.requireGpus=true)");
        } finally {
            strict.close();
        }
    }

    private void awaitLine(String line) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!lines.contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never printed " + line + "; got " + lines);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
