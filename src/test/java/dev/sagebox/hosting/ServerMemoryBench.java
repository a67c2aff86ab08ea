package dev.sagebox.hosting;

import dev.sagebox.bench.BenchProgram;
import dev.sagebox.bench.Figure;
import dev.sagebox.bench.LaunchedServer;
import dev.sagebox.bench.Section;
import dev.sagebox.testing.TestFiles;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The server JVM's resident memory (not its instances'): idle after start, with ten endpoints in service (the echo
 * server as a BYO process model) and under wrk at c=64 on one of them, for the launcher's flags and for a bare
 * {@code java -jar} in the same run. The throughput under load is recorded too, so a flag that saves memory at the
 * cost of invocations shows here.
 */
public final class ServerMemoryBench {
    private static final int ENDPOINTS = 10;

    private final Path work;
    private final int loadSeconds;

    public ServerMemoryBench(Path work, int loadSeconds) {
        this.work = work;
        this.loadSeconds = loadSeconds;
    }

    public Section run() throws Exception {
        Path log = Files.createDirectories(work).resolve("memory.log");
        int port = LaunchedServer.freePort();
        Path home = work.resolve("memory-home");
        List<String> launcher = LaunchedServer.launcherCommand(port, home);
        Map<String, List<Double>> flagged = scenario(launcher, port, home, log);
        Map<String, List<Double>> plain = scenario(LaunchedServer.withoutFlags(launcher), port, home, log);
        Section.Builder section = new Section.Builder("Server memory")
                .note("Resident set size (VmRSS) of the server JVM alone, sampled every 250 ms: idle for 2 s after "
                        + "the first answered request; with " + ENDPOINTS + " endpoints in service (one echo "
                        + "process each, run by the process runtime; their own RSS is not counted); and during " + loadSeconds
                        + " s of wrk at c=64 through InvokeEndpoint on one of them. The launcher's flags are `"
                        + String.join(" ", launcher.subList(1, launcher.indexOf("-jar"))).replace(
                        LaunchedServer.root().toString(), ".") + "`; the baseline is the same jar with the JVM's "
                        + "defaults. Goal: idle RSS <= 150 MB (a Java peer emulator uses 216 MB idle and 384 MB "
                        + "under load).");
        plain.forEach((name, samples) -> {
            String unit = name.contains("calls/s") ? "calls/s" : "MiB";
            String base = "JVM defaults: " + name;
            section.add(Figure.baseline(base, unit, 0, samples))
                    .add(Figure.against(base, "launcher's flags: " + name, unit, 0, flagged.get(name)));
        });
        return section.build();
    }

    private Map<String, List<Double>> scenario(List<String> command, int port, Path home, Path log)
            throws Exception {
        TestFiles.deleteRecursively(home);
        BenchProgram.install(home, home.resolve("bench-echo"), "*/bench-echo:*");
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        try (LaunchedServer server = LaunchedServer.start(command, port, log);
             SageMakerClient sm = SageMakerClient.builder().endpointOverride(server.endpoint())
                     .region(Region.US_EAST_1).credentialsProvider(TestServer.CREDENTIALS).build()) {
            samples.put("idle RSS", sample(server, 2));
            for (int i = 0; i < ENDPOINTS; i++) {
                deploy(sm, "mem-" + i);
            }
            for (int i = 0; i < ENDPOINTS; i++) {
                HostingFixture.assertInService(HostingFixture.awaitSettled(sm, "mem-" + i));
            }
            samples.put(ENDPOINTS + " endpoints in service, RSS", sample(server, 2));
            Path script = home.resolve("post.lua");
            Files.writeString(script, InvokeWrkBench.SCRIPT);
            String url = server.endpoint() + "/endpoints/mem-0/invocations";
            InvokeWrkBench.wrk(script, url, 64, 1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                AtomicBoolean loading = new AtomicBoolean(true);
                // Three runs, so the throughput beside the RSS has a spread too.
                Future<List<Double>> load = pool.submit(() -> {
                    try {
                        List<Double> rates = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            rates.add(InvokeWrkBench.wrk(script, url, 64, loadSeconds / 3).perSecond());
                        }
                        return rates;
                    } finally {
                        loading.set(false);
                    }
                });
                List<Double> underLoad = new ArrayList<>();
                while (loading.get()) {
                    underLoad.add(server.rssMib());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
                }
                List<Double> rates = load.get();
                samples.put("RSS under InvokeEndpoint at c=64", underLoad);
                samples.put("InvokeEndpoint calls/s at c=64 (" + ENDPOINTS + " endpoints up)", rates);
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < ENDPOINTS; i++) {
                String name = "mem-" + i;
                sm.deleteEndpoint(b -> b.endpointName(name));
            }
        }
        return samples;
    }

    private static void deploy(SageMakerClient sm, String name) {
        sm.createModel(b -> b.modelName(name).executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .primaryContainer(c -> c.image(InvokeWrkBench.IMAGE)));
        HostingFixture.createConfig(sm, name, HostingFixture.variant("AllTraffic", name, 1, 1f));
        sm.createEndpoint(b -> b.endpointName(name).endpointConfigName(name));
    }

    private static List<Double> sample(LaunchedServer server, int seconds) throws IOException {
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < seconds * 4; i++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            rss.add(server.rssMib());
        }
        return rss;
    }
}
