package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.cli.SageboxCommand;
import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * {@code sagebox endpoints reload}: fresh instances re-read file:// model data and re-stage replaced S3 model data, and
 * no call fails meanwhile.
 */
class EndpointReloadIT {
    private static TestServer server;
    private static HostingFixture fixture;
    private static SageMakerClient sm;
    private static SageMakerRuntimeClient runtime;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        fixture = HostingFixture.install(server);
        sm = server.sageMaker();
        runtime = server.sageMakerRuntime();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static String invoke(String endpoint) {
        return HostingFixture.invokeJson(runtime, endpoint, "[3]");
    }

    /** A copy of the doubler's model directory, whose weights the test then rewrites. */
    private static Path modelCopy(String name) throws IOException {
        Path dir = Files.createDirectories(fixture.modelDir().resolveSibling(name).resolve("code"))
                .getParent();
        Files.copy(fixture.modelDir().resolve("code/inference.py"), dir.resolve("code/inference.py"));
        setWeight(dir, 2);
        return dir;
    }

    private static void setWeight(Path dir, int w) throws IOException {
        Path temp = dir.resolve("weights.json.tmp");
        Files.writeString(temp, "{\"w\": " + w + "}");
        Files.move(temp, dir.resolve("weights.json"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static int cli(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new SageboxCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void reload_underLoad_servesNewModelDataWithNoFailedCall() throws Exception {
        Path model = modelCopy("reload-model");
        HostingFixture.deploy(sm, "reloaded", HostingFixture.DOUBLER, "file://" + model);
        assertInService(awaitSettled(sm, "reloaded"));
        assertThat(invoke("reloaded")).isEqualTo("{\"predictions\": [6]}");
        setWeight(model, 5);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clients.add(CompletableFuture.runAsync(() -> {
                while (running.get() && failure.get() == null) {
                    try {
                        invoke("reloaded");
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                }
            }));
        }

        StringWriter out = new StringWriter();
        int exit = cli(out, "endpoints", "reload", "reloaded", "--endpoint", server.endpoint().toString());
        running.set(false);
        clients.forEach(CompletableFuture::join);

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("Reloaded endpoint reloaded in");
        assertThat(failure.get()).isNull();
        assertThat(calls.get()).isPositive();
        assertInService(sm.describeEndpoint(b -> b.endpointName("reloaded")));
        assertThat(invoke("reloaded")).isEqualTo("{\"predictions\": [15]}");
    }

    @Test
    void reload_s3ModelDataReplaced_restagesAndServesTheNewObject() throws Exception {
        String uri = fixture.uploadModel(server, "reload-bucket", "model.tar.gz");
        HostingFixture.deploy(sm, "restaged", HostingFixture.DOUBLER, uri);
        assertInService(awaitSettled(sm, "restaged"));
        Path model = modelCopy("restaged-model");
        setWeight(model, 4);
        Path tarball = model.resolveSibling("restaged-model.tar.gz");
        TarGz.write(model, tarball);
        server.s3().putObject(b -> b.bucket("reload-bucket").key("model.tar.gz"), RequestBody.fromFile(tarball));
        assertThat(invoke("restaged")).isEqualTo("{\"predictions\": [6]}");

        StringWriter out = new StringWriter();
        int exit = cli(out, "endpoints", "reload", "restaged", "--endpoint", server.endpoint().toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(invoke("restaged")).isEqualTo("{\"predictions\": [12]}");
    }

    @Test
    void reloadWatch_modelDirectoryChange_reloadsUntilStopped() throws Exception {
        Path model = modelCopy("watch-model");
        HostingFixture.deploy(sm, "watched", HostingFixture.DOUBLER, "file://" + model);
        assertInService(awaitSettled(sm, "watched"));
        StringWriter out = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread watcher = Thread.ofVirtual().start(() -> exit.set(cli(out, "endpoints", "reload", "watched",
                "--watch", "--poll-millis", "100", "--endpoint", server.endpoint().toString())));
        awaitOutput(out, "Watching");

        setWeight(model, 7);
        awaitOutput(out, "Reloaded endpoint watched");
        watcher.interrupt();
        watcher.join(Duration.ofSeconds(10));

        assertThat(invoke("watched")).isEqualTo("{\"predictions\": [21]}");
        assertThat(exit.get()).as(out.toString()).isZero();
    }

    @Test
    void reload_unknownEndpoint_failsWithTheServersError() {
        StringWriter out = new StringWriter();
        int exit = cli(out, "endpoints", "reload", "ghost", "--endpoint", server.endpoint().toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("HTTP 400", "Could not find endpoint");
    }

    private static void awaitOutput(StringWriter out, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!out.toString().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" within 60 s: " + out);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
