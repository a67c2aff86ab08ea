package dev.sagebox.clientmatrix;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.SageboxConfig;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One scenario, every client (issue 7): S3 upload, a BYO training job and its logs, a model, config and endpoint,
 * an invocation, deletion, and three error cases. All clients run at once against one server, each with its own
 * resource names; each test compares one client's normalized transcript with {@code clientmatrix/expected.json},
 * so a client that sees anything different fails with the differing paths. The BYO images map to host processes,
 * so the matrix needs no Docker.
 */
class ClientMatrixIT {
    private static final Map<MatrixClient, String> MISSING = new EnumMap<>(MatrixClient.class);
    private static final Map<MatrixClient, CompletableFuture<JsonNode>> RUNS = new EnumMap<>(MatrixClient.class);
    private static TestServer server;
    private static ExecutorService threads;
    private static Map<String, String> expected;

    @BeforeAll
    static void runEveryClient() throws Exception {
        try (InputStream in = ClientMatrixIT.class.getResourceAsStream("/clientmatrix/expected.json")) {
            expected = Transcripts.normalize(Transcripts.JSON.readTree(in), "{p}");
        }
        // Every client's job runs at once instead of queueing behind the default two.
        server = TestServer.start(Map.of(SageboxConfig.CONCURRENT_JOBS, "8"));
        installImages(server.home());
        threads = Executors.newVirtualThreadPerTaskExecutor();
        for (MatrixClient client : MatrixClient.values()) {
            String missing = client.missing();
            if (missing != null) {
                MISSING.put(client, missing);
            } else {
                RUNS.put(client, CompletableFuture.supplyAsync(() -> timed(client), threads));
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        RUNS.values().forEach(run -> run.handle((transcript, error) -> null).join());
        threads.close();
        server.close();
        server.delete();
    }

    /** The training image runs {@code clientmatrix/train}; the serving image runs Sagebox's model server. */
    private static void installImages(Path home) throws IOException {
        Path algorithm = Files.createDirectories(home.resolve("mx-train"));
        Path train = algorithm.resolve("train");
        try (InputStream in = ClientMatrixIT.class.getResourceAsStream("/clientmatrix/train")) {
            Files.copy(in, train);
        }
        Files.setPosixFilePermissions(train, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("process-images.json"), """
                {"images": [{"image": "*/mx-train:*", "directory": "%s"},
                            {"image": "*/mx-serve:*", "python": "%s"}]}
                """.formatted(algorithm, ClientScripts.PYTHON));
    }

    private static JsonNode timed(MatrixClient client) {
        long started = System.nanoTime();
        try {
            return client.run(server);
        } finally {
            System.out.printf("%s: %.1f s%n", client, (System.nanoTime() - started) / 1e9);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MatrixClient.class)
    void client_runsTheScenario_andSeesWhatEveryClientSees(MatrixClient client) {
        ClientScripts.assumeClient(!MISSING.containsKey(client), client + ": " + MISSING.get(client));
        JsonNode transcript;
        try {
            transcript = RUNS.get(client).join();
        } catch (CompletionException e) {
            // A client that exited non-zero: its AssertionError carries the client's stdout and stderr.
            if (e.getCause() instanceof AssertionError error) {
                throw error;
            }
            throw e;
        }
        List<String> diff = Transcripts.diff(expected, Transcripts.normalize(transcript, client.prefix()));
        if (!diff.isEmpty()) {
            fail(client + " saw something else than clientmatrix/expected.json (resource prefix " + client.prefix()
                    + " shown as {p}):\n" + String.join("\n", diff) + "\nwhole transcript: " + transcript);
        }
    }
}
