package dev.sagebox.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Plain HTTP/1.1 with the JDK client: unsigned requests with {@code UNSIGNED-PAYLOAD} (accepted while auth is off),
 * no checksums. This is the server's own cost with as little client work as S3 allows.
 */
final class RawHttpTransfer implements Transfer {
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RawHttpTransfer(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return "raw HTTP (JDK HttpClient, unsigned, no checksum)";
    }

    void createBucket(String bucket) throws Exception {
        send(HttpRequest.newBuilder(uri(bucket, "")).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public void put(String bucket, String key, byte[] data) throws Exception {
        send(HttpRequest.newBuilder(uri(bucket, key)).header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build());
    }

    @Override
    public long get(String bucket, String key) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri(bucket, key)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            check(response.statusCode(), "GET " + key);
            return drain(body);
        }
    }

    @Override
    public byte[] getBytes(String bucket, String key) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri(bucket, key)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        check(response.statusCode(), "GET " + key);
        return response.body();
    }

    static long drain(InputStream in) throws java.io.IOException {
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    private void send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        check(response.statusCode(), request.method() + " " + request.uri() + ": " + response.body());
    }

    private static void check(int status, String what) {
        if (status / 100 != 2) {
            throw new IllegalStateException(what + " answered " + status);
        }
    }

    private URI uri(String bucket, String key) {
        return endpoint.resolve("/" + bucket + "/" + key);
    }

    @Override
    public void close() {
        http.close();
    }
}
