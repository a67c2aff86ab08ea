package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Copies between two Sageboxes: a copy whose target dies mid-upload resumes with the missing parts once the target is
 * back on its data dir, and objects are skipped only when size and CRC32 match.
 */
class ObjectCopierIT {
    private static final long MIB = 1024 * 1024;
    private static final long SIZE = 12 * MIB + 1;

    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (TestServer server : servers) {
            server.close();
        }
        for (TestServer server : servers) {
            if (Files.exists(server.home())) {
                server.delete();
            }
        }
    }

    @Test
    void targetKilledMidUpload_thenRestarted_copyResumesWithOnlyTheMissingParts() throws Exception {
        TestServer local = started(TestServer.start());
        TestServer cloud = started(TestServer.start());
        byte[] blob = new byte[(int) SIZE];
        new Random(11).nextBytes(blob);
        try (S3Client s3 = local.s3(); S3Client target = cloud.s3()) {
            s3.createBucket(b -> b.bucket("src"));
            s3.putObject(b -> b.bucket("src").key("big/blob.bin"), RequestBody.fromBytes(blob));
            target.createBucket(b -> b.bucket("dest"));
        }
        CopyItem item = new CopyItem("src", "big/blob.bin", SIZE, "dest", "big/blob.bin");
        Path journals = local.home().resolve("promote/uploads");
        List<Integer> acknowledged = new CopyOnWriteArrayList<>();

        try (S3Client source = local.s3(); S3Client target = cloud.s3()) {
            // The target goes away after acknowledging one part, whichever the one upload at a time sent first:
            // the part tasks race for the one permit, so part 1 is not always first.
            ObjectCopier dying = new ObjectCopier(source, target, journals, 5 * MIB, (copied, part, bytes) -> {
                acknowledged.add(part);
                cloud.close();
            }, 1);
            assertThatThrownBy(() -> dying.copy(List.of(item))).isInstanceOf(CloudException.class)
                    .hasMessageContaining("run the same command again to resume");
        }
        assertThat(Files.list(journals).toList()).hasSize(1);

        TestServer restarted = started(TestServer.startOn(cloud.home(), Map.of()));
        List<Integer> sent = new ArrayList<>();
        try (S3Client source = local.s3(); S3Client target = restarted.s3()) {
            CopyReport report = new ObjectCopier(source, target, journals, 5 * MIB,
                    (copied, part, bytes) -> sent.add(part)).copy(List.of(item));

            List<Integer> missing = new ArrayList<>(List.of(1, 2, 3));
            missing.removeAll(acknowledged);
            assertThat(acknowledged).hasSize(1);
            assertThat(sent).containsExactlyInAnyOrderElementsOf(missing);
            assertThat(report.bytesCopied()).isEqualTo(SIZE - partSize(acknowledged.getFirst()));
            assertThat(target.getObjectAsBytes(b -> b.bucket("dest").key("big/blob.bin")).asByteArray())
                    .isEqualTo(blob);
            assertThat(target.headObject(b -> b.bucket("dest").key("big/blob.bin")
                    .checksumMode(ChecksumMode.ENABLED)).checksumCRC32()).isNotNull();
        }
        assertThat(Files.list(journals).toList()).isEmpty();
    }

    /** The size of part {@code number} of the 5 MiB parts of {@link #SIZE} bytes. */
    private static long partSize(int number) {
        return Math.min(5 * MIB, SIZE - (number - 1) * 5 * MIB);
    }

    @Test
    void targetObjectOfSameSizeButOtherBytes_isCopiedAgain_whileAnIdenticalOneIsSkipped() throws Exception {
        TestServer local = started(TestServer.start());
        TestServer cloud = started(TestServer.start());
        try (S3Client source = local.s3(); S3Client target = cloud.s3()) {
            source.createBucket(b -> b.bucket("src"));
            target.createBucket(b -> b.bucket("dest"));
            source.putObject(b -> b.bucket("src").key("a.txt"), RequestBody.fromString("hello world"));
            source.putObject(b -> b.bucket("src").key("b.txt"), RequestBody.fromString("same bytes!"));
            target.putObject(b -> b.bucket("dest").key("a.txt"), RequestBody.fromString("HELLO WORLD"));
            target.putObject(b -> b.bucket("dest").key("b.txt"), RequestBody.fromString("same bytes!"));
            ObjectCopier copier = new ObjectCopier(source, target, local.home().resolve("j"), 5 * MIB,
                    ObjectCopier.Progress.NONE);

            CopyReport report = copier.copy(List.of(new CopyItem("src", "a.txt", 11, "dest", "a.txt"),
                    new CopyItem("src", "b.txt", 11, "dest", "b.txt")));

            assertThat(report).isEqualTo(new CopyReport(1, 11, 1, 11));
            assertThat(target.getObjectAsBytes(b -> b.bucket("dest").key("a.txt")).asUtf8String())
                    .isEqualTo("hello world");
        }
    }

    @Test
    void sourceWithoutFullObjectCrc_isReadOnceForItsCrc_thenTheCachedValueSkipsIt() throws Exception {
        TestServer local = started(TestServer.start());
        TestServer cloud = started(TestServer.start());
        try (S3Client source = local.s3(); S3Client target = cloud.s3()) {
            source.createBucket(b -> b.bucket("src"));
            target.createBucket(b -> b.bucket("dest"));
            // One part with a composite CRC32: the store has "<crc>-1", not the whole object's CRC32.
            String upload = source.createMultipartUpload(b -> b.bucket("src").key("parts.bin")
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
            var part = source.uploadPart(b -> b.bucket("src").key("parts.bin").uploadId(upload).partNumber(1)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                    RequestBody.fromString("made of parts"));
            source.completeMultipartUpload(b -> b.bucket("src").key("parts.bin").uploadId(upload)
                    .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(part.eTag())
                            .checksumCRC32(part.checksumCRC32()).build())));
            Path journals = local.home().resolve("promote/uploads");
            CopyItem item = new CopyItem("src", "parts.bin", 13, "dest", "parts.bin");

            CopyReport first = new ObjectCopier(source, target, journals, 5 * MIB, ObjectCopier.Progress.NONE)
                    .copy(List.of(item));
            CopyReport again = new ObjectCopier(source, target, journals, 5 * MIB, ObjectCopier.Progress.NONE)
                    .copy(List.of(item));

            assertThat(first.bytesCopied()).isEqualTo(13);
            assertThat(again).isEqualTo(new CopyReport(0, 0, 1, 13));
            assertThat(Files.readString(local.home().resolve("promote/checksums.json")))
                    .contains(ObjectCopier.encode(crc32("made of parts")));
        }
    }

    private static long crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private TestServer started(TestServer server) {
        servers.add(server);
        return server;
    }
}
