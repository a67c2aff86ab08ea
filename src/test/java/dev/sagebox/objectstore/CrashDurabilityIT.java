package dev.sagebox.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.objectstore.UploadLedger.Version;
import dev.sagebox.testing.ServerProcess;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code kill -9} of a server in the middle of concurrent uploads, then a restart on the same data dir: whatever
 * was acknowledged is there, whole; nothing half-written is visible to GET or in listings; an overwrite shows the
 * old or the new version, never a mix. Bounded: at most {@value #MAX_UPLOADS} uploads and about a minute.
 */
class CrashDurabilityIT {
    private static final int MIB = 1024 * 1024;
    private static final String BUCKET = "crash";
    private static final int WRITERS = 6;
    private static final int MAX_UPLOADS = 400;
    private static final int OVERWRITES_PER_WRITER = 2;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 24;
    private static final Duration KILL_POINT_LIMIT = Duration.ofSeconds(60);
    /** What each writer uploads in turn: bytes for PutObject, MULTIPART or OVERWRITE. */
    private static final int[] ROTATION = {1024, 64 * 1024, MIB, 6 * MIB, -1, -2};
    private static final int MULTIPART = -1;
    private static final int OVERWRITE = -2;

    private final UploadLedger ledger = new UploadLedger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger multipartsAcknowledged = new AtomicInteger();
    private final AtomicBoolean killed = new AtomicBoolean();
    private final Queue<Throwable> errorsBeforeKill = new ConcurrentLinkedQueue<>();
    /** Counted down by the three requests that stop half-way (a PUT, an overwrite, an UploadPart). */
    private final CountDownLatch stalled = new CountDownLatch(3);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String stalledUploadId;
    private volatile String stalledPartOneETag;

    /** With fsync off the page cache still holds every renamed file, so a process crash must lose nothing either. */
    @ParameterizedTest(name = "sagebox.s3.fsync={0}")
    @ValueSource(booleans = {true, false})
    void kill9DuringUploads_acknowledgedObjectsSurviveWholeAndNothingPartialIsVisible(boolean fsync,
            @TempDir Path work) throws Exception {
        Path home = work.resolve("data");
        Path log = work.resolve("server.log");
        String setting = "sagebox.s3.fsync=" + fsync;
        try (ServerProcess server = ServerProcess.start(home, log, "-D", setting);
                S3Client s3 = withoutRetries(server)) {
            s3.createBucket(b -> b.bucket(BUCKET));
            seedOverwriteTargets(s3);
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                clients.submit(() -> writeUntilKilled(s3, writer));
            }
            clients.submit(() -> stallPut(s3, "stalled/put"));
            clients.submit(() -> stallPut(s3, "overwrite/stalled"));
            clients.submit(() -> stallMultipart(s3));
            awaitKillPoint(server);
            killed.set(true);
            server.kill();
            release.countDown();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("clients finished after the kill").isTrue();
        }
        assertThat(errorsBeforeKill).as("client errors before the kill").isEmpty();
        System.out.printf("killed with %d uploads acknowledged and %d in flight; files under the data dir: %s%n",
                ledger.acknowledgedCount(), ledger.unansweredCount(), describeFiles(home));
        assertThat(ledger.unansweredCount()).as("requests in flight at the kill").isGreaterThanOrEqualTo(3);

        try (ServerProcess server = ServerProcess.start(home, log, "-D", setting); S3Client s3 = server.s3()) {
            verifyEveryKeyAndListing(s3, server);
            verifyAcknowledgedPartSurvived(s3);
        }
    }

    private void seedOverwriteTargets(S3Client s3) {
        for (int w = 0; w < WRITERS; w++) {
            for (int n = 0; n < OVERWRITES_PER_WRITER; n++) {
                put(s3, overwriteKey(w, n), 0, 2 * MIB + w);
            }
        }
        put(s3, "overwrite/stalled", 0, 3 * MIB);
    }

    private void writeUntilKilled(S3Client s3, int writer) {
        int overwrites = 0;
        for (int i = 0; !killed.get() && uploads.incrementAndGet() <= MAX_UPLOADS; i++) {
            int kind = ROTATION[(i + writer) % ROTATION.length];
            try {
                if (kind == MULTIPART) {
                    multipart(s3, "multipart/" + writer + "-" + i, 12 * MIB + i);
                } else if (kind == OVERWRITE && overwrites < OVERWRITES_PER_WRITER) {
                    put(s3, overwriteKey(writer, overwrites++), 1, 3 * MIB + i);
                } else if (kind != OVERWRITE) {
                    put(s3, "put/" + writer + "-" + i, 0, kind + i);
                }
            } catch (RuntimeException e) {
                if (!killed.get()) {
                    errorsBeforeKill.add(e);
                }
                return;
            }
        }
    }

    private void put(S3Client s3, String key, int version, int size) {
        byte[] data = UploadLedger.content(key, version, size);
        Version attempt = ledger.attempt(key, data);
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
        ledger.acknowledge(attempt);
    }

    /** Parts of 5 MiB, the smallest S3 allows before the last one. */
    private void multipart(S3Client s3, String key, int size) {
        byte[] data = UploadLedger.content(key, 0, size);
        Version attempt = ledger.attempt(key, data);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int offset = 0, number = 1; offset < size; offset += 5 * MIB, number++) {
            int partNumber = number;
            byte[] part = Arrays.copyOfRange(data, offset, Math.min(size, offset + 5 * MIB));
            String eTag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        ledger.acknowledge(attempt);
        multipartsAcknowledged.incrementAndGet();
    }

    /** A 16 MiB PutObject whose body stops after 8 MiB and never resumes. */
    private void stallPut(S3Client s3, String key) {
        byte[] data = UploadLedger.content(key, 1, 16 * MIB);
        ledger.attempt(key, data);
        try {
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromInputStream(
                    new StallingStream(data, 8 * MIB, stalled, release), data.length));
            errorsBeforeKill.add(new AssertionError(key + " was acknowledged although its body never finished"));
        } catch (RuntimeException expected) {
            // The server died while the body was half sent.
        }
    }

    /** A multipart upload whose first part is acknowledged and whose second stops half-way. */
    private void stallMultipart(S3Client s3) {
        String key = "stalled/multipart";
        byte[] data = UploadLedger.content(key, 0, 10 * MIB);
        try {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
            stalledPartOneETag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
                    RequestBody.fromBytes(Arrays.copyOf(data, 5 * MIB))).eTag();
            stalledUploadId = uploadId;
            s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(2),
                    RequestBody.fromInputStream(new StallingStream(Arrays.copyOfRange(data, 5 * MIB,
                            10 * MIB), 2 * MIB, stalled, release), 5 * MIB));
            errorsBeforeKill.add(new AssertionError("part 2 was acknowledged although its body never finished"));
        } catch (RuntimeException e) {
            if (!killed.get()) {
                errorsBeforeKill.add(e);
                stalled.countDown();
            }
        }
    }

    /** Waits until enough is acknowledged and the three stalled requests are half-way, then returns. */
    private void awaitKillPoint(ServerProcess server) throws InterruptedException {
        long deadline = System.nanoTime() + KILL_POINT_LIMIT.toNanos();
        while (ledger.acknowledgedCount() < ACKNOWLEDGED_BEFORE_KILL || multipartsAcknowledged.get() == 0
                || stalled.getCount() > 0) {
            assertThat(errorsBeforeKill).as("client errors before the kill").isEmpty();
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("kill point not reached within " + KILL_POINT_LIMIT + ": "
                        + ledger.acknowledgedCount() + " acknowledged, " + multipartsAcknowledged.get()
                        + " multipart, " + stalled.getCount() + " not stalled yet; server output:\n" + server.output());
            }
            stalled.await(50, TimeUnit.MILLISECONDS);
        }
    }

    private void verifyEveryKeyAndListing(S3Client s3, ServerProcess server) {
        Map<String, Long> listed = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            listed.put(object.key(), object.size());
        }
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(ledger.byKey().keySet()).as("listed keys must all have been written")
                .containsAll(listed.keySet());
        ledger.byKey().forEach((key, history) -> {
            String found;
            try {
                found = UploadLedger.md5(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
            } catch (NoSuchKeyException e) {
                softly.assertThat(UploadLedger.mayBeAbsent(history)).as("acknowledged %s is missing", key).isTrue();
                softly.assertThat(listed).as("missing %s is listed", key).doesNotContainKey(key);
                return;
            }
            List<Version> allowed = UploadLedger.allowed(history);
            Version match = allowed.stream().filter(v -> v.md5.equals(found)).findFirst().orElse(null);
            softly.assertThat(match).as("%s holds md5 %s, not one of the versions it may hold %s", key, found,
                    allowed.stream().map(v -> v.md5).toList()).isNotNull();
            if (match != null) {
                softly.assertThat(listed.get(key)).as("listed size of %s", key).isEqualTo(match.size);
            }
        });
        softly.assertThat(listed).as("the half-sent PUT").doesNotContainKey("stalled/put");
        softly.assertThat(listed).as("the unfinished multipart upload").doesNotContainKey("stalled/multipart");
        if (!softly.wasSuccess()) {
            softly.fail("server output:%n%s", server.output());
        }
        softly.assertAll();
    }

    /** An acknowledged UploadPart is an acknowledged write too: completing with it after the restart works. */
    private void verifyAcknowledgedPartSurvived(S3Client s3) {
        String key = "stalled/multipart";
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(stalledUploadId).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(stalledPartOneETag).build())));
        byte[] expected = Arrays.copyOf(UploadLedger.content(key, 0, 10 * MIB), 5 * MIB);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(expected);
    }

    /** For the test's output: what the kill left on disk, to show that bodies were really cut half-way. */
    private static String describeFiles(Path home) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(Files::isRegularFile)
                    .collect(Collectors.groupingBy(p -> home.relativize(p).getName(0).toString()
                            + (p.getParent().endsWith("tmp") ? "/tmp" : ""), TreeMap::new,
                            Collectors.summingLong(p -> p.toFile().length())))
                    .toString();
        }
    }

    private static String overwriteKey(int writer, int n) {
        return "overwrite/" + writer + "-" + n;
    }

    /** Retries after the kill would only delay the test: every request then fails at once. */
    private static S3Client withoutRetries(ServerProcess server) {
        return S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestServer.CREDENTIALS).forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
