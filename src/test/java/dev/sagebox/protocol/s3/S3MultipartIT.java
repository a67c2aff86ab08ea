package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

class S3MultipartIT {
    private static final int PART = 8 * 1024 * 1024;
    private static TestServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("multi"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
        server.delete();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void upload64MiB_withCrc32_hasMultipartETagAndCompositeChecksum() throws Exception {
        byte[] data = randomBytes(64 * 1024 * 1024, 1);
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("big.bin")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        MessageDigest md5s = MessageDigest.getInstance("MD5");
        CRC32 composite = new CRC32();
        List<byte[]> partCrcs = new ArrayList<>();
        for (int i = 0; i < data.length / PART; i++) {
            byte[] part = Arrays.copyOfRange(data, i * PART, (i + 1) * PART);
            int number = i + 1;
            UploadPartResponse response = s3.uploadPart(b -> b.bucket("multi").key("big.bin").uploadId(uploadId)
                    .partNumber(number).checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(part));
            parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag())
                    .checksumCRC32(response.checksumCRC32()).build());
            md5s.update(MessageDigest.getInstance("MD5").digest(part));
            partCrcs.add(Base64.getDecoder().decode(response.checksumCRC32()));
        }
        partCrcs.forEach(crc -> composite.update(crc));
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket("multi").key("big.bin")
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        assertThat(done.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5s.digest()) + "-8\"");

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("multi").key("big.bin")
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(MessageDigest.isEqual(got.asByteArrayUnsafe(), data)).isTrue();
        assertThat(got.response().eTag()).isEqualTo(done.eTag());
        String expected = Base64.getEncoder().encodeToString(bigEndian((int) composite.getValue())) + "-8";
        assertThat(got.response().checksumCRC32()).isEqualTo(expected);
    }

    @Test
    void upload_withSha256Parts_isCompletedAndReadable() {
        byte[] data = randomBytes(PART + 1000, 2);
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("sha.bin")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        UploadPartResponse one = s3.uploadPart(b -> b.bucket("multi").key("sha.bin").uploadId(uploadId)
                .partNumber(1).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(Arrays.copyOf(data, PART)));
        UploadPartResponse two = s3.uploadPart(b -> b.bucket("multi").key("sha.bin").uploadId(uploadId)
                .partNumber(2).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(Arrays.copyOfRange(data, PART, data.length)));
        ListPartsResponse listed = s3.listParts(b -> b.bucket("multi").key("sha.bin").uploadId(uploadId));
        assertThat(listed.parts()).hasSize(2);
        assertThat(listed.parts().get(0).checksumSHA256()).isEqualTo(one.checksumSHA256());
        assertThat(s3.listMultipartUploads(b -> b.bucket("multi")).uploads())
                .anySatisfy(u -> assertThat(u.uploadId()).isEqualTo(uploadId));
        s3.completeMultipartUpload(b -> b.bucket("multi").key("sha.bin").uploadId(uploadId).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(one.eTag()).checksumSHA256(one.checksumSHA256())
                        .build(), CompletedPart.builder().partNumber(2).eTag(two.eTag())
                        .checksumSHA256(two.checksumSHA256()).build())));
        GetObjectResponse head = s3.getObjectAsBytes(b -> b.bucket("multi").key("sha.bin")
                .checksumMode(ChecksumMode.ENABLED)).response();
        assertThat(head.contentLength()).isEqualTo(data.length);
        assertThat(head.checksumSHA256()).endsWith("-2");
    }

    @Test
    void complete_wrongPartETag_isInvalidPart() {
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("bad-etag")).uploadId();
        s3.uploadPart(b -> b.bucket("multi").key("bad-etag").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("tiny"));
        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket("multi").key("bad-etag")
                .uploadId(uploadId).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
                        .eTag("\"00000000000000000000000000000000\"").build()))))
                .isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPart"));
    }

    @Test
    void complete_smallNonFinalPart_isEntityTooSmall() {
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("small")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("multi").key("small").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("one")).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("multi").key("small").uploadId(uploadId).partNumber(2),
                RequestBody.fromString("two")).eTag();
        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket("multi").key("small").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))))
                .isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooSmall"));
        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket("multi").key("small").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(2).eTag(e2).build(),
                        CompletedPart.builder().partNumber(1).eTag(e1).build()))))
                .isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPartOrder"));
    }

    @Test
    void abort_thenUploadPart_isNoSuchUpload() {
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("aborted")).uploadId();
        s3.abortMultipartUpload(b -> b.bucket("multi").key("aborted").uploadId(uploadId));
        assertThatThrownBy(() -> s3.uploadPart(b -> b.bucket("multi").key("aborted").uploadId(uploadId)
                .partNumber(1), RequestBody.fromString("x"))).isInstanceOf(NoSuchUploadException.class);
    }

    @Test
    void complete_malformedBody_isMalformedXml() throws Exception {
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("malformed")).uploadId();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                server.endpoint().resolve("/multi/malformed?uploadId=" + uploadId))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<CompleteMultipartUpload><Part>"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>MalformedXML</Code>");
    }

    @Test
    void getObject_partNumber_returnsThatPartWithPartsCount_andUploadPartCopyCopiesRanges() {
        byte[] data = randomBytes(PART + 100, 4);
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multi").key("parts.bin")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("multi").key("parts.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(Arrays.copyOf(data, PART))).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("multi").key("parts.bin").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(Arrays.copyOfRange(data, PART, data.length))).eTag();
        s3.completeMultipartUpload(b -> b.bucket("multi").key("parts.bin").uploadId(uploadId).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build())));

        ResponseBytes<GetObjectResponse> second = s3.getObjectAsBytes(b -> b.bucket("multi").key("parts.bin")
                .partNumber(2));
        assertThat(second.asByteArray()).isEqualTo(Arrays.copyOfRange(data, PART, data.length));
        assertThat(second.response().partsCount()).isEqualTo(2);
        assertThat(second.response().contentRange()).isEqualTo("bytes " + PART + "-" + (data.length - 1) + "/"
                + data.length);

        String copyId = s3.createMultipartUpload(b -> b.bucket("multi").key("copied.bin")).uploadId();
        var c1 = s3.uploadPartCopy(b -> b.sourceBucket("multi").sourceKey("parts.bin").destinationBucket("multi")
                .destinationKey("copied.bin").uploadId(copyId).partNumber(1).copySourceRange("bytes=0-" + (PART - 1)));
        var c2 = s3.uploadPartCopy(b -> b.sourceBucket("multi").sourceKey("parts.bin").destinationBucket("multi")
                .destinationKey("copied.bin").uploadId(copyId).partNumber(2)
                .copySourceRange("bytes=" + PART + "-" + (data.length - 1)));
        assertThat(c1.copyPartResult().eTag()).isEqualTo(e1);
        s3.completeMultipartUpload(b -> b.bucket("multi").key("copied.bin").uploadId(copyId).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(c1.copyPartResult().eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(c2.copyPartResult().eTag()).build())));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("multi").key("copied.bin")).asByteArray()).isEqualTo(data);
    }

    private static byte[] bigEndian(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
