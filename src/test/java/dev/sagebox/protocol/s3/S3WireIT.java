package dev.sagebox.protocol.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/** Requests written byte by byte, for the wire forms that SDKs choose for themselves. */
class S3WireIT {
    private static TestServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("wire"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
        server.delete();
    }

    /** Sends one HTTP/1.1 request with a Content-Length body and returns the whole response as text. */
    private static String exchange(String head, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
            String request = head + "Host: 127.0.0.1:" + server.port() + "\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void unsignedChunksWithTrailer_storeDecodedBytes_andStripAwsChunked() throws IOException {
        String reply = exchange("PUT /wire/trailer HTTP/1.1\r\nx-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER"
                + "\r\nContent-Encoding: aws-chunked\r\nx-amz-decoded-content-length: 11\r\n"
                + "x-amz-trailer: x-amz-checksum-crc32\r\n",
                "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 200").containsIgnoringCase("x-amz-checksum-crc32: DUoRhQ==");
        HeadObjectResponse head = s3.headObject(b -> b.bucket("wire").key("trailer"));
        assertThat(head.contentLength()).isEqualTo(11);
        assertThat(head.contentEncoding()).isNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket("wire").key("trailer")).asUtf8String()).isEqualTo("hello world");
    }

    @Test
    void signedChunks_withGzipEncoding_keepOnlyGzip() throws IOException {
        String reply = exchange("PUT /wire/signed HTTP/1.1\r\nx-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
                + "\r\nContent-Encoding: aws-chunked,gzip\r\nx-amz-decoded-content-length: 5\r\n",
                "5;chunk-signature=00\r\nhello\r\n0;chunk-signature=00\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 200");
        assertThat(s3.headObject(b -> b.bucket("wire").key("signed")).contentEncoding()).isEqualTo("gzip");
    }

    @Test
    void trailerChecksumMismatch_isBadDigest_andNothingIsStored() throws IOException {
        String reply = exchange("PUT /wire/bad-trailer HTTP/1.1\r\n"
                + "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\nContent-Encoding: aws-chunked\r\n"
                + "x-amz-decoded-content-length: 11\r\nx-amz-trailer: x-amz-checksum-crc32\r\n",
                "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 400").contains("<Code>BadDigest</Code>");
        assertThat(exchange("HEAD /wire/bad-trailer HTTP/1.1\r\n", "")).startsWith("HTTP/1.1 404");
    }

    @Test
    void decodedLengthMismatch_isIncompleteBody() throws IOException {
        String reply = exchange("PUT /wire/short HTTP/1.1\r\nx-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER"
                + "\r\nContent-Encoding: aws-chunked\r\nx-amz-decoded-content-length: 20\r\n",
                "b\r\nhello world\r\n0\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 400").contains("<Code>IncompleteBody</Code>");
    }

    @Test
    void listV2_encodingTypeUrl_encodesKeysAndEchoesType() throws IOException {
        s3.putObject(b -> b.bucket("wire").key("enc/a b+c&d.txt"), RequestBody.fromString("x"));
        String reply = exchange("GET /wire?list-type=2&prefix=enc%2F&encoding-type=url HTTP/1.1\r\n", "");
        assertThat(reply).contains("<Key>enc/a%20b%2Bc%26d.txt</Key>", "<Prefix>enc/</Prefix>",
                "<EncodingType>url</EncodingType>", "<KeyCount>1</KeyCount>");
        List<String> keys = s3.listObjectsV2(b -> b.bucket("wire").prefix("enc/")).contents().stream()
                .map(o -> o.key()).toList();
        assertThat(keys).containsExactly("enc/a b+c&d.txt");
    }

    @Test
    void listV1_truncatedWithDelimiter_returnsNextMarker_andMarkerResumes() {
        for (String key : List.of("v1/a", "v1/b/1", "v1/b/2", "v1/c")) {
            s3.putObject(b -> b.bucket("wire").key(key), RequestBody.fromString("x"));
        }
        ListObjectsResponse first = s3.listObjects(b -> b.bucket("wire").prefix("v1/").delimiter("/").maxKeys(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.nextMarker()).isEqualTo("v1/b/");
        ListObjectsResponse second = s3.listObjects(b -> b.bucket("wire").prefix("v1/").delimiter("/")
                .marker(first.nextMarker()));
        assertThat(second.contents()).extracting(o -> o.key()).containsExactly("v1/c");
        assertThat(second.commonPrefixes()).isEmpty();
    }

    @Test
    void deleteObjects_deletesListedKeys_quietModeReportsNothing() {
        for (String key : List.of("del/1", "del/2", "del/3")) {
            s3.putObject(b -> b.bucket("wire").key(key), RequestBody.fromString("x"));
        }
        var loud = s3.deleteObjects(b -> b.bucket("wire").delete(d -> d.objects(
                ObjectIdentifier.builder().key("del/1").build(),
                ObjectIdentifier.builder().key("del/missing").build())));
        assertThat(loud.deleted()).extracting(d -> d.key()).containsExactly("del/1", "del/missing");
        var quiet = s3.deleteObjects(b -> b.bucket("wire").delete(d -> d.quiet(true)
                .objects(ObjectIdentifier.builder().key("del/2").build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket("wire").prefix("del/")).contents()).extracting(o -> o.key())
                .containsExactly("del/3");
    }

    @Test
    void requestXmlWithExternalEntity_isMalformedXml() throws IOException {
        String body = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>";
        String reply = exchange("POST /wire?delete HTTP/1.1\r\n", body);
        assertThat(reply).startsWith("HTTP/1.1 400").contains("<Code>MalformedXML</Code>").doesNotContain("root:");
    }

    @Test
    void xmlBody_withWrongHexContentSha256_isMismatch_andDeletesNothing() throws IOException {
        s3.putObject(b -> b.bucket("wire").key("kept"), RequestBody.fromString("x"));
        String reply = exchange("POST /wire?delete HTTP/1.1\r\nx-amz-content-sha256: " + "0".repeat(64) + "\r\n",
                "<Delete><Object><Key>kept</Key></Object></Delete>");
        assertThat(reply).startsWith("HTTP/1.1 400").contains("<Code>XAmzContentSHA256Mismatch</Code>");
        assertThat(s3.headObject(b -> b.bucket("wire").key("kept")).contentLength()).isEqualTo(1);
    }

    @Test
    void getObject_responseOverrides_andLastModifiedIsRfc1123() throws IOException {
        s3.putObject(b -> b.bucket("wire").key("override"), RequestBody.fromString("x"));
        String reply = exchange("GET /wire/override?response-content-type=text%2Fcsv&response-content-disposition="
                + "attachment HTTP/1.1\r\n", "");
        assertThat(reply).containsIgnoringCase("Content-Type: text/csv").containsIgnoringCase(
                "Content-Disposition: attachment").containsPattern(
                "(?i)Last-Modified: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }
}
