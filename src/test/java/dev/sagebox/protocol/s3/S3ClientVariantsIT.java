package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** The Java SDK's checksum and transport settings: every combination must store and return the same bytes. */
class S3ClientVariantsIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        try (S3Client s3 = server.s3()) {
            s3.createBucket(b -> b.bucket("variants"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static S3Client client(Consumer<S3ClientBuilder> settings) {
        S3ClientBuilder builder = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestServer.CREDENTIALS).forcePathStyle(true);
        settings.accept(builder);
        return builder.build();
    }

    private static void assertRoundTrip(S3Client s3, String key) {
        byte[] data = new byte[300_000];
        new Random(key.hashCode()).nextBytes(data);
        s3.putObject(b -> b.bucket("variants").key(key), RequestBody.fromBytes(data));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("variants").key(key).checksumMode(ChecksumMode.ENABLED))
                .asByteArray()).isEqualTo(data);
    }

    @Test
    void checksumsOnlyWhenRequired_plainBodyRoundTrips() {
        try (S3Client s3 = client(b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED))) {
            assertRoundTrip(s3, "when-required");
        }
    }

    @Test
    @SuppressWarnings("deprecation") // the legacy switch is still what many users set; it must keep working
    void checksumValidationDisabled_roundTrips() {
        try (S3Client s3 = client(b -> b.serviceConfiguration(S3Configuration.builder()
                .checksumValidationEnabled(false).build()))) {
            assertRoundTrip(s3, "validation-off");
        }
    }

    @Test
    void urlConnectionClient_roundTrips() {
        try (S3Client s3 = client(b -> b.httpClient(UrlConnectionHttpClient.create()))) {
            assertRoundTrip(s3, "url-connection");
        }
    }

    @Test
    void streamOfUnknownLength_isAcceptedAsChunkedUpload() {
        byte[] data = "streamed without a length".getBytes(StandardCharsets.UTF_8);
        try (S3Client s3 = server.s3()) {
            s3.putObject(b -> b.bucket("variants").key("unknown-length"),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), "text/plain"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("variants").key("unknown-length")).asByteArray())
                    .isEqualTo(data);
        }
    }

    @Test
    void everyChecksumAlgorithm_isVerifiedStoredAndReturned() {
        try (S3Client s3 = server.s3()) {
            for (ChecksumAlgorithm algorithm : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32,
                ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1,
                ChecksumAlgorithm.SHA256}) {
                String key = "alg-" + algorithm;
                PutObjectResponse put = s3.putObject(b -> b.bucket("variants").key(key).checksumAlgorithm(algorithm),
                        RequestBody.fromString("hello world"));
                GetObjectResponse got = s3.getObjectAsBytes(b -> b.bucket("variants").key(key)
                        .checksumMode(ChecksumMode.ENABLED)).response();
                String echoed = switch (algorithm) {
                    case CRC32 -> put.checksumCRC32();
                    case CRC32_C -> put.checksumCRC32C();
                    case SHA1 -> put.checksumSHA1();
                    default -> put.checksumSHA256();
                };
                String returned = switch (algorithm) {
                    case CRC32 -> got.checksumCRC32();
                    case CRC32_C -> got.checksumCRC32C();
                    case SHA1 -> got.checksumSHA1();
                    default -> got.checksumSHA256();
                };
                assertThat(echoed).as(key).isNotNull().isEqualTo(returned);
            }
            assertThat(s3.headObject(b -> b.bucket("variants").key("alg-CRC32C").checksumMode(ChecksumMode.ENABLED))
                    .checksumCRC32C()).isEqualTo("yZRlqg==");
        }
    }

    @Test
    void asyncMultipartClient_uploadsAndDownloadsInParts() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(11).nextBytes(data);
        try (software.amazon.awssdk.services.s3.S3AsyncClient async = software.amazon.awssdk.services.s3.S3AsyncClient
                .builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestServer.CREDENTIALS).forcePathStyle(true).multipartEnabled(true)
                .multipartConfiguration(c -> c.minimumPartSizeInBytes(8L * 1024 * 1024)
                        .thresholdInBytes(8L * 1024 * 1024)).build()) {
            async.putObject(b -> b.bucket("variants").key("async-multipart"),
                    software.amazon.awssdk.core.async.AsyncRequestBody.fromBytes(data)).join();
            String etag = async.headObject(b -> b.bucket("variants").key("async-multipart")).join().eTag();
            assertThat(etag).endsWith("-3\"");
            byte[] back = async.getObject(b -> b.bucket("variants").key("async-multipart"),
                    software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes()).join().asByteArray();
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void crc64NvmeHeader_isVerified() throws Exception {
        // The SDK needs the CRT for CRC64NVME, so this goes over plain HTTP with the catalogue check value.
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, Integer> put = value -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(server.endpoint().resolve("/variants/crc64"))
                        .header("x-amz-checksum-crc64nvme", value)
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("123456789")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String check = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                .parseHex("ae8b14860a799888"));
        assertThat(put.apply("AAAAAAAAAAA=")).isEqualTo(400);
        assertThat(put.apply(check)).isEqualTo(200);
        try (S3Client s3 = server.s3()) {
            assertThat(s3.headObject(b -> b.bucket("variants").key("crc64").checksumMode(ChecksumMode.ENABLED))
                    .checksumCRC64NVME()).isEqualTo(check);
        }
    }

    @Test
    void fullObjectCrc32cMultipart_isTheCrcOfTheWholeObject() {
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(9).nextBytes(data);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data);
        long value = crc.getValue();
        String whole = java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) (value >>> 24),
            (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        try (S3Client s3 = server.s3()) {
            String uploadId = s3.createMultipartUpload(b -> b.bucket("variants").key("crc-multi")
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumType(ChecksumType.FULL_OBJECT)).uploadId();
            int split = 5 * 1024 * 1024;
            var one = s3.uploadPart(b -> b.bucket("variants").key("crc-multi").uploadId(uploadId).partNumber(1)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(Arrays.copyOf(data, split)));
            var two = s3.uploadPart(b -> b.bucket("variants").key("crc-multi").uploadId(uploadId).partNumber(2)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32_C),
                    RequestBody.fromBytes(Arrays.copyOfRange(data, split, data.length)));
            var done = s3.completeMultipartUpload(b -> b.bucket("variants").key("crc-multi").uploadId(uploadId)
                    .checksumCRC32C(whole).checksumType(ChecksumType.FULL_OBJECT)
                    .multipartUpload(m -> m.parts(
                            CompletedPart.builder().partNumber(1).eTag(one.eTag())
                                    .checksumCRC32C(one.checksumCRC32C()).build(),
                            CompletedPart.builder().partNumber(2).eTag(two.eTag())
                                    .checksumCRC32C(two.checksumCRC32C()).build())));
            assertThat(done.checksumCRC32C()).isEqualTo(whole);
            assertThat(done.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
            GetObjectResponse got = s3.getObjectAsBytes(b -> b.bucket("variants").key("crc-multi")
                    .checksumMode(ChecksumMode.ENABLED)).response();
            assertThat(got.checksumCRC32C()).isEqualTo(whole);
        }
    }
}
