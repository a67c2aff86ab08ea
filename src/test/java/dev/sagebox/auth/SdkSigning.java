package dev.sagebox.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs requests with the AWS SDK for Java v2's own SigV4 signer, an implementation independent of ours, and renders
 * them as raw HTTP/1.1 for Jetty's LocalConnector.
 */
final class SdkSigning {
    private SdkSigning() {
    }

    /** A request to {@code http://127.0.0.1:4577<path>} with the given raw query parameters. */
    static SdkHttpFullRequest.Builder request(SdkHttpMethod method, String encodedPath,
                                              Map<String, List<String>> query) {
        return request(URI.create("http://127.0.0.1:4577"), method, encodedPath, query);
    }

    /** A request to {@code <endpoint><path>} with the given raw query parameters. */
    static SdkHttpFullRequest.Builder request(URI endpoint, SdkHttpMethod method, String encodedPath,
                                              Map<String, List<String>> query) {
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder().method(method)
                .protocol(endpoint.getScheme()).host(endpoint.getHost()).port(endpoint.getPort())
                .encodedPath(encodedPath);
        query.forEach(builder::putRawQueryParameter);
        return builder;
    }

    /** Signs at {@code time} for {@code service} in us-east-1 with the key pair; {@code extra} adds signer options. */
    static SdkHttpRequest sign(SdkHttpFullRequest request, String body, KeyPair keyPair, String service,
                               Instant time, Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        return signWithPayload(request, body, keyPair, service, time, extra).request();
    }

    /** The signed request and the payload the signer produced (aws-chunked when chunk encoding is on). */
    static software.amazon.awssdk.http.auth.spi.signer.SignedRequest signWithPayload(
            SdkHttpFullRequest request, String body, KeyPair keyPair, String service, Instant time,
            Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        AwsCredentialsIdentity identity = AwsBasicCredentials.create(keyPair.accessKeyId(),
                keyPair.secretAccessKey());
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity).request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC));
            if (body != null) {
                r.payload(ContentStreamProvider.fromUtf8String(body));
            }
            if (service.equals("s3")) {
                r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false);
            }
            extra.accept(r);
        });
    }

    /** The payload of a signed request as text (aws-chunked framing is ASCII, and so is our test data). */
    static String payload(software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed) throws IOException {
        if (signed.payload().isEmpty()) {
            return null;
        }
        try (InputStream in = signed.payload().get().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends a signed request to a real server as is; Java's client sets Host and Content-Length itself. */
    static HttpResponse<String> send(SdkHttpRequest request, String body) throws IOException, InterruptedException {
        String query = request.encodedQueryParameters().map(q -> "?" + q).orElse("");
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(request.protocol() + "://" + request.host() + ":"
                        + request.port() + request.encodedPath() + query))
                .method(request.method().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        request.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> http.header(name, value));
            }
        });
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(http.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The request as HTTP/1.1 text, with its body and a Content-Length unless the signer set one. */
    static String raw(SdkHttpRequest request, String body) {
        StringBuilder http = new StringBuilder();
        http.append(request.method().name()).append(' ').append(request.encodedPath().isEmpty() ? "/"
                : request.encodedPath());
        String query = request.encodedQueryParameters().orElse("");
        if (!query.isEmpty()) {
            http.append('?').append(query);
        }
        http.append(" HTTP/1.1\r\n");
        if (request.firstMatchingHeader("Host").isEmpty()) {
            http.append("Host: 127.0.0.1:4577\r\n");
        }
        request.forEachHeader((name, values) -> values.forEach(v -> http.append(name).append(": ").append(v)
                .append("\r\n")));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (request.firstMatchingHeader("Content-Length").isEmpty()) {
            http.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        http.append("Connection: close\r\n\r\n");
        if (body != null) {
            http.append(body);
        }
        return http.toString();
    }
}
