package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A minimal AWS JSON client (CloudWatch Logs, and DescribeTrainingJob) over a running server's HTTP port, so the CLI
 * needs no AWS SDK. Requests are unsigned, which the server accepts with {@code sagebox.auth=off} (the default) and
 * reads as region us-east-1.
 */
final class LogsApi implements AutoCloseable, LogFollower.Source {
    private static final String LOGS_PREFIX = "Logs_20140328.";
    private static final String SAGEMAKER_PREFIX = "SageMaker.";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    LogsApi(URI endpoint) {
        this.endpoint = endpoint.getPath().isEmpty() ? endpoint.resolve("/") : endpoint;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** An error the server answered with: its {@code __type} and message. */
    static final class ApiException extends Exception {
        private final String code;

        ApiException(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /**
     * Calls one operation and returns its JSON result.
     *
     * @throws IOException when the server cannot be reached or does not answer in JSON
     */
    JsonNode call(String operation, Map<String, ?> request) throws IOException, InterruptedException, ApiException {
        return send(LOGS_PREFIX + operation, request);
    }

    @Override
    public JsonNode logs(String operation, Map<String, ?> request)
            throws IOException, InterruptedException, ApiException {
        return call(operation, request);
    }

    /** Calls one SageMaker control-plane operation. */
    @Override
    public JsonNode sageMaker(String operation, Map<String, ?> request)
            throws IOException, InterruptedException, ApiException {
        return send(SAGEMAKER_PREFIX + operation, request);
    }

    private JsonNode send(String target, Map<String, ?> request)
            throws IOException, InterruptedException, ApiException {
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
                .build();
        HttpResponse<byte[]> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("the server at " + endpoint + " did not answer like Sagebox (HTTP "
                    + response.statusCode() + ")", e);
        }
        if (response.statusCode() != 200) {
            String type = body.path("__type").asText(response.headers().firstValue("x-amzn-ErrorType").orElse(""));
            throw new ApiException(type.isEmpty() ? "HTTP " + response.statusCode() : type,
                    body.path("message").asText(""));
        }
        return body;
    }

    @Override
    public void close() {
        http.close();
    }
}
