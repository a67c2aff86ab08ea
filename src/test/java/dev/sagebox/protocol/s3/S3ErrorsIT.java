package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("errors"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
        server.delete();
    }

    private static String errorCode(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            return e.awsErrorDetails().errorCode();
        }
        throw new AssertionError("expected an S3 error");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(server.endpoint().resolve(pathAndQuery));
    }

    @Test
    void missingBucket_isNoSuchBucket() {
        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("no-such-bucket")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket("no-such-bucket").key("k"),
                RequestBody.fromString("x")))).isEqualTo("NoSuchBucket");
    }

    @Test
    void headObject_missing_is404WithNoBody() throws Exception {
        HttpResponse<String> head = send(request("/errors/absent").method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("x-amz-request-id")).isPresent();
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("errors").key("absent")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void getObject_missing_hasXmlErrorBodyWithKey() throws Exception {
        HttpResponse<String> get = send(request("/errors/absent%20key"));
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.body()).contains("<Code>NoSuchKey</Code>", "<Key>absent key</Key>", "<RequestId>");
    }

    @Test
    void key1025Bytes_isKeyTooLongError() {
        String key = "k".repeat(1025);
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket("errors").key(key), RequestBody.fromString("x"))))
                .isEqualTo("KeyTooLongError");
        s3.putObject(b -> b.bucket("errors").key("k".repeat(1024)), RequestBody.fromString("x"));
    }

    @Test
    void deleteBucket_nonEmpty_isBucketNotEmpty_thenEmptySucceeds() {
        s3.createBucket(b -> b.bucket("full"));
        s3.putObject(b -> b.bucket("full").key("k"), RequestBody.fromString("x"));
        assertThat(errorCode(() -> s3.deleteBucket(b -> b.bucket("full")))).isEqualTo("BucketNotEmpty");
        s3.deleteObject(b -> b.bucket("full").key("k"));
        s3.deleteBucket(b -> b.bucket("full"));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("full"))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void createBucket_badName_isInvalidBucketName() throws Exception {
        HttpResponse<String> response = send(request("/Bad_Name").PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>InvalidBucketName</Code>");
    }

    @Test
    void createBucket_again_isOkInUsEast1_andAlreadyOwnedElsewhere() {
        s3.createBucket(b -> b.bucket("twice"));
        s3.createBucket(b -> b.bucket("twice"));
        try (S3Client west = S3Client.builder().endpointOverride(server.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(TestServer.CREDENTIALS).forcePathStyle(true).build()) {
            west.createBucket(b -> b.bucket("west-bucket").createBucketConfiguration(c -> c
                    .locationConstraint(BucketLocationConstraint.EU_WEST_1)));
            assertThat(errorCode(() -> west.createBucket(b -> b.bucket("west-bucket").createBucketConfiguration(
                    c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)))))
                    .isEqualTo("BucketAlreadyOwnedByYou");
            assertThat(west.getBucketLocation(b -> b.bucket("west-bucket")).locationConstraintAsString())
                    .isEqualTo("eu-west-1");
        }
        assertThat(s3.getBucketLocation(b -> b.bucket("twice")).locationConstraintAsString()).isEmpty();
    }

    @Test
    void headBucket_wrongExpectedOwner_is403() {
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("errors").expectedBucketOwner("111111111111")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        s3.headBucket(b -> b.bucket("errors").expectedBucketOwner("000000000000"));
    }

    @Test
    void putObject_wrongContentMd5_isBadDigest_andNothingIsStored() throws Exception {
        HttpResponse<String> bad = send(request("/errors/md5").header("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")
                .PUT(HttpRequest.BodyPublishers.ofString("hello world")));
        assertThat(bad.body()).contains("<Code>BadDigest</Code>");
        HttpResponse<String> invalid = send(request("/errors/md5").header("Content-MD5", "nope")
                .PUT(HttpRequest.BodyPublishers.ofString("hello world")));
        assertThat(invalid.body()).contains("<Code>InvalidDigest</Code>");
        assertThat(send(request("/errors/md5")).statusCode()).isEqualTo(404);
        HttpResponse<String> good = send(request("/errors/md5").header("Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww==")
                .PUT(HttpRequest.BodyPublishers.ofString("hello world")));
        assertThat(good.statusCode()).isEqualTo(200);
    }

    @Test
    void putObject_wrongContentSha256_isMismatch() throws Exception {
        HttpResponse<String> bad = send(request("/errors/sha").header("x-amz-content-sha256", "0".repeat(64))
                .PUT(HttpRequest.BodyPublishers.ofString("hello world")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
    }

    @Test
    void putObject_wrongChecksumHeader_isBadDigest_rightOneIsEchoed() throws Exception {
        HttpResponse<String> bad = send(request("/errors/crc").header("x-amz-checksum-crc32", "AAAAAA==")
                .PUT(HttpRequest.BodyPublishers.ofString("hello world")));
        assertThat(bad.body()).contains("<Code>BadDigest</Code>");
        HttpResponse<String> good = send(request("/errors/crc").header("x-amz-checksum-crc32", "DUoRhQ==")
                .PUT(HttpRequest.BodyPublishers.ofString("hello world")));
        assertThat(good.headers().firstValue("x-amz-checksum-crc32")).hasValue("DUoRhQ==");
    }

    @Test
    void unsupportedSubresource_isNotImplemented501() throws Exception {
        HttpResponse<String> response = send(request("/errors?tagging"));
        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(response.body()).contains("<Code>NotImplemented</Code>", "tagging");
    }

    @Test
    void virtualHostStyle_addressesTheBucketFromTheHostHeader() throws Exception {
        s3.putObject(b -> b.bucket("errors").key("vhost/key"), RequestBody.fromString("via host"));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /vhost/key HTTP/1.1\r\nHost: errors.localhost:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 200").endsWith("via host");
        }
    }
}
