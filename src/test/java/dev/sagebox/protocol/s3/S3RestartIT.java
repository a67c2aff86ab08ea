package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3RestartIT {
    @Test
    void restart_keepsObjectsAndUploads_andReapsWhatACrashLeft() throws Exception {
        TestServer first = TestServer.start();
        String uploadId;
        try (S3Client s3 = first.s3()) {
            s3.createBucket(b -> b.bucket("durable"));
            s3.putObject(b -> b.bucket("durable").key("kept"), RequestBody.fromString("still here"));
            uploadId = s3.createMultipartUpload(b -> b.bucket("durable").key("pending")).uploadId();
            s3.uploadPart(b -> b.bucket("durable").key("pending").uploadId(uploadId).partNumber(1),
                    RequestBody.fromString("part"));
        } finally {
            first.close();
        }
        Path home = first.home();
        Path leftover = home.resolve("objects/tmp/interrupted.tmp");
        Files.writeString(leftover, "half an upload");
        TestServer second = TestServer.startOn(home, Map.of());
        try (S3Client s3 = second.s3()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("durable").key("kept")).asUtf8String())
                    .isEqualTo("still here");
            assertThat(s3.listParts(b -> b.bucket("durable").key("pending").uploadId(uploadId)).parts()).hasSize(1);
            assertThat(leftover).doesNotExist();
            try (Stream<Path> files = Files.walk(home.resolve("objects/blobs"))) {
                assertThat(files.filter(Files::isRegularFile)).hasSize(2);
            }
        } finally {
            second.close();
            second.delete();
        }
    }
}
