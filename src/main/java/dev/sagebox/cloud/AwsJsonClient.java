package dev.sagebox.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * A SigV4-signed AWS JSON 1.1 client for one service (SageMaker or CloudWatch Logs) that works on JSON trees, so a
 * local job's DescribeTrainingJob can become the target's CreateTrainingJob member for member, and the plan that
 * {@code --dry-run} prints is the exact body sent.
 */
public final class AwsJsonClient implements AutoCloseable {
    /** Headers the JDK client sets itself and refuses to take from us; their signed values are the same. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String targetPrefix;
    private final String signingName;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    AwsJsonClient(URI endpoint, String targetPrefix, String signingName, String region,
                  AwsCredentialsProvider credentials) {
        this.endpoint = endpoint.getPath().isEmpty() ? endpoint.resolve("/") : endpoint;
        this.targetPrefix = targetPrefix;
        this.signingName = signingName;
        this.region = region;
        this.credentials = credentials;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Calls {@code operation} with a request given as a map or a JSON tree; returns the result tree. */
    public JsonNode call(String operation, Object request) throws CloudException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request == null ? Map.of() : request);
        } catch (IOException e) {
            throw new CloudException("cannot encode " + operation + ": " + e.getMessage(), e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        sign(operation, body).forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CloudException("cannot reach " + endpoint + " for " + targetPrefix + "." + operation + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted during " + operation, e);
        }
        return parse(operation, response);
    }

    private Map<String, List<String>> sign(String operation, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials()).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        return signed.request().headers();
    }

    private JsonNode parse(String operation, HttpResponse<byte[]> response) throws CloudException {
        JsonNode body;
        try {
            body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CloudException(endpoint + " answered " + operation + " with HTTP " + response.statusCode()
                    + " and a body that is not JSON", e);
        }
        if (response.statusCode() / 100 != 2) {
            String type = body.path("__type").asText(response.headers().firstValue("x-amzn-ErrorType").orElse(""));
            int hash = type.lastIndexOf('#');
            String code = hash >= 0 ? type.substring(hash + 1) : type;
            int colon = code.indexOf(':');
            code = colon >= 0 ? code.substring(0, colon) : code;
            String message = body.path("message").asText(body.path("Message").asText(""));
            throw new CloudException(code.isEmpty() ? "HTTP " + response.statusCode() : code,
                    operation + " failed: " + (code.isEmpty() ? "HTTP " + response.statusCode() : code) + ": "
                            + message, null);
        }
        return body.isObject() ? body : JSON.createObjectNode();
    }

    /** A fresh empty object node, for building requests. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() {
        http.close();
    }
}
