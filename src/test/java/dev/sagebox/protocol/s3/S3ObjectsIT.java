package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ObjectsIT {
    private static TestServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("objects"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
        server.delete();
    }

    private static String getString(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    @Test
    void putThenGet_returnsBytesMetadataAndMd5ETag() {
        PutObjectResponse put = s3.putObject(b -> b.bucket("objects").key("hello.txt").contentType("text/plain")
                .metadata(Map.of("owner", "ada")), RequestBody.fromString("hello world"));
        assertThat(put.eTag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("objects").key("hello.txt"));
        assertThat(got.asUtf8String()).isEqualTo("hello world");
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().metadata()).containsEntry("owner", "ada");
        assertThat(got.response().eTag()).isEqualTo(put.eTag());
        assertThat(got.response().contentLength()).isEqualTo(11);
    }

    @Test
    void putObject_sdkDefaultChecksum_isStoredAndReturnedWithChecksumMode() {
        PutObjectResponse put = s3.putObject(b -> b.bucket("objects").key("crc.txt"),
                RequestBody.fromString("hello world"));
        assertThat(put.checksumCRC32()).isEqualTo("DUoRhQ==");
        GetObjectResponse got = s3.getObjectAsBytes(b -> b.bucket("objects").key("crc.txt")
                .checksumMode(ChecksumMode.ENABLED)).response();
        assertThat(got.checksumCRC32()).isEqualTo("DUoRhQ==");
    }

    @Test
    void putObject_withoutContentType_defaultsToBinaryOctetStream() throws Exception {
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.endpoint().resolve("/objects/untyped")).PUT(HttpRequest.BodyPublishers.ofString("abc")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        HeadObjectResponse head = s3.headObject(b -> b.bucket("objects").key("untyped"));
        assertThat(head.contentType()).isEqualTo("binary/octet-stream");
        assertThat(head.contentLength()).isEqualTo(3);
        assertThat(head.lastModified()).isNotNull();
    }

    @Test
    void overwrite_replacesContent() {
        s3.putObject(b -> b.bucket("objects").key("over"), RequestBody.fromString("first"));
        s3.putObject(b -> b.bucket("objects").key("over"), RequestBody.fromString("second"));
        assertThat(getString("objects", "over")).isEqualTo("second");
    }

    @Test
    void getObject_range_isPartialContent() {
        s3.putObject(b -> b.bucket("objects").key("range"), RequestBody.fromString("0123456789"));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("objects").key("range")
                .range("bytes=2-5").checksumMode(ChecksumMode.ENABLED));
        assertThat(got.asUtf8String()).isEqualTo("2345");
        assertThat(got.response().contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(got.response().checksumCRC32()).isNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("range").range("bytes=-3")).asUtf8String())
                .isEqualTo("789");
    }

    @Test
    void getObject_rangePastEnd_isInvalidRange416() {
        s3.putObject(b -> b.bucket("objects").key("short"), RequestBody.fromString("abc"));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("objects").key("short").range("bytes=10-20")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(416);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
                });
    }

    @Test
    void getObject_conditionalHeaders_give304And412() {
        String etag = s3.putObject(b -> b.bucket("objects").key("cond"), RequestBody.fromString("x")).eTag();
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("objects").key("cond").ifNoneMatch(etag)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("objects").key("cond").ifMatch("\"nope\"")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("cond").ifMatch(etag)).asUtf8String())
                .isEqualTo("x");
    }

    @Test
    void putObject_ifNoneMatchStar_createsOnlyOnce() {
        s3.putObject(b -> b.bucket("objects").key("once").ifNoneMatch("*"), RequestBody.fromString("first"));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("objects").key("once").ifNoneMatch("*"),
                RequestBody.fromString("second"))).isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(getString("objects", "once")).isEqualTo("first");
    }

    @Test
    void getObjectTagging_isAnEmptySet_andMissingKeyIsNoSuchKey() {
        s3.putObject(b -> b.bucket("objects").key("tagged"), RequestBody.fromString("x"));
        assertThat(s3.getObjectTagging(b -> b.bucket("objects").key("tagged")).tagSet()).isEmpty();
        assertThatThrownBy(() -> s3.getObjectTagging(b -> b.bucket("objects").key("untagged-missing")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void getObject_missingKey_isNoSuchKey() {
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("objects").key("absent")))
                .isInstanceOfSatisfying(NoSuchKeyException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey"));
    }

    @Test
    void deleteObject_removesKey_andMissingKeyStillSucceeds() {
        s3.putObject(b -> b.bucket("objects").key("gone"), RequestBody.fromString("x"));
        s3.deleteObject(b -> b.bucket("objects").key("gone"));
        s3.deleteObject(b -> b.bucket("objects").key("gone"));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("objects").key("gone")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void copyObject_copiesDataAndKeepsOrReplacesMetadata() {
        s3.putObject(b -> b.bucket("objects").key("src"), RequestBody.fromString("copy me"));
        s3.putObject(b -> b.bucket("objects").key("src meta"), RequestBody.fromString("copy me too"));
        s3.putObject(b -> b.bucket("objects").key("src2").metadata(Map.of("a", "1")), RequestBody.fromString("z"));
        var copied = s3.copyObject(b -> b.sourceBucket("objects").sourceKey("src meta")
                .destinationBucket("objects").destinationKey("dst"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(
                s3.headObject(b -> b.bucket("objects").key("src meta")).eTag());
        assertThat(getString("objects", "dst")).isEqualTo("copy me too");
        s3.copyObject(b -> b.sourceBucket("objects").sourceKey("src2").destinationBucket("objects")
                .destinationKey("dst2").metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("b", "2")));
        assertThat(s3.headObject(b -> b.bucket("objects").key("dst2")).metadata()).containsOnlyKeys("b");
    }

    @Test
    void listObjectsV2_prefixDelimiterAndPagination() {
        s3.createBucket(b -> b.bucket("listing"));
        for (String key : List.of("data/a.csv", "data/b.csv", "data/sub/c.csv", "data/sub/d.csv", "other", "data")) {
            s3.putObject(b -> b.bucket("listing").key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("listing").prefix("data/").delimiter("/"));
        assertThat(page.contents()).extracting(S3Object::key).containsExactly("data/a.csv", "data/b.csv");
        assertThat(page.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("data/sub/");
        assertThat(page.keyCount()).isEqualTo(3);

        List<String> all = s3.listObjectsV2Paginator(b -> b.bucket("listing").maxKeys(2)).contents().stream()
                .map(S3Object::key).toList();
        assertThat(all).containsExactly("data", "data/a.csv", "data/b.csv", "data/sub/c.csv", "data/sub/d.csv",
                "other");
    }

    @Test
    void trickyKeys_roundTripVerbatim_andNeverTouchTheFileSystem() throws Exception {
        s3.createBucket(b -> b.bucket("tricky"));
        List<String> keys = List.of("with space", "ünïcødé/ключ", "a/../../escape", "../x", "a//b", "/leading",
                "a/./b",
                "back\\slash", "trailing/", "plus+sign", "percent%2Fliteral", "q?x=1&y", "a", "a/b", "..");
        for (String key : keys) {
            s3.putObject(b -> b.bucket("tricky").key(key), RequestBody.fromString("v:" + key));
        }
        for (String key : keys) {
            assertThat(getString("tricky", key)).as(key).isEqualTo("v:" + key);
        }
        List<String> listed = s3.listObjectsV2Paginator(b -> b.bucket("tricky")).contents().stream()
                .map(S3Object::key).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
        assertNothingNamedEscapeOutside();
    }

    @Test
    void keysClimbingAboveTheRoot_areOrdinaryKeys_andWriteNothingOutside() throws Exception {
        s3.createBucket(b -> b.bucket("climbing"));
        List<String> keys = List.of("../../escape", "../../../../etc/escape", "x/../../../escape");
        for (String key : keys) {
            s3.putObject(b -> b.bucket("climbing").key(key), RequestBody.fromString("v:" + key));
            assertThat(getString("climbing", key)).isEqualTo("v:" + key);
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket("climbing").key("../../mp")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("climbing").key("../../mp").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket("climbing").key("../../mp").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(s3.listObjectsV2(b -> b.bucket("climbing")).contents()).extracting(S3Object::key)
                .containsExactlyInAnyOrder("../../escape", "../../../../etc/escape", "x/../../../escape", "../../mp");
        s3.deleteObject(b -> b.bucket("climbing").key("../../escape"));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("climbing").key("../../escape")))
                .isInstanceOf(NoSuchKeyException.class);
        assertNothingNamedEscapeOutside();
    }

    private static void assertNothingNamedEscapeOutside() throws Exception {
        Path parent = server.home().getParent();
        try (Stream<Path> siblings = Files.list(parent)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).doesNotContain("escape");
        }
        try (Stream<Path> files = Files.walk(server.home())) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("escape", "leading", "slash");
        }
    }
}
