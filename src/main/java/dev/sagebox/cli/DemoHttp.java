package dev.sagebox.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The S3 and SageMaker Runtime calls of {@code sagebox demo}, as plain unsigned HTTP against the server's port:
 * exactly what a client does with {@code sagebox.auth=off}, so the demo needs no AWS SDK.
 */
final class DemoHttp implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** S3 CreateBucket (path style). */
    void createBucket(String bucket) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(endpoint.resolve("/" + bucket)).PUT(HttpRequest.BodyPublishers.noBody()),
                "CreateBucket " + bucket);
    }

    /** S3 PutObject (path style). */
    void putObject(String bucket, String key, byte[] body) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(endpoint.resolve("/" + bucket + "/" + key))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), "PutObject s3://" + bucket + "/" + key);
    }

    /** SageMaker Runtime InvokeEndpoint with a JSON body; returns the response body. */
    String invoke(String endpointName, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(endpoint.resolve("/endpoints/" + endpointName + "/invocations"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), "InvokeEndpoint " + endpointName);
    }

    private String send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        http.close();
    }
}
