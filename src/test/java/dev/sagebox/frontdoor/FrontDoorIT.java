package dev.sagebox.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One port, one router (CONTRACTS.md §1): raw HTTP against the real server, as a client that gets it wrong would. */
class FrontDoorIT {
    private static final String JSON = "application/x-amz-json-1.1";
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder post(String path, String target, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.endpoint().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", JSON);
        return target == null ? builder : builder.header("X-Amz-Target", target);
    }

    private static String signedFor(String service) {
        return "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/eu-west-1/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
    }

    @Test
    void health_answersOk() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.endpoint().resolve("/_sagebox/health")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void garbageJson_isSerializationException_withErrorTypeAndRequestId() throws Exception {
        HttpResponse<String> response = send(post("/", "SageMaker.ListTrainingJobs", "{not json"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("SerializationException");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.body()).startsWith("{\"__type\":\"SerializationException\",\"message\":");
    }

    @Test
    void unknownTarget_isUnknownOperationException() throws Exception {
        HttpResponse<String> response = send(post("/", "SageMaker.CreateSpaceStation", "{}"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
        assertThat(response.body()).contains("\"__type\":\"UnknownOperationException\"");

        HttpResponse<String> otherService = send(post("/", "AmazonSQS.ListQueues", "{}"));
        assertThat(otherService.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
    }

    @Test
    void scopeForAnotherService_isRejectedInTheRoutesFormat() throws Exception {
        HttpResponse<String> response = send(post("/", "SageMaker.ListTrainingJobs", "{}")
                .header("Authorization", signedFor("s3")).header("X-Amz-Date", "20260101T000000Z"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("InvalidSignatureException");
    }

    @Test
    void stsForm_isRoutedToQueryProtocol_andRegionComesFromScope() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.endpoint().resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", signedFor("sts")).header("X-Amz-Date", "20260101T000000Z"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<Account>000000000000</Account>", "<UserId>AKIDTEST</UserId>");
    }

    @Test
    void unknownStsAction_isInvalidActionXml() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.endpoint().resolve("/?Action=AssumeRole"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>InvalidAction</Code>").startsWith("<ErrorResponse");
    }

    @Test
    void invocationOfUnknownEndpoint_isRuntimeValidationError() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                server.endpoint().resolve("/endpoints/nope/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                .header("Authorization", signedFor("sagemaker")).header("X-Amz-Date", "20260101T000000Z"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ValidationError");
        assertThat(response.body()).contains("Endpoint nope of account 000000000000 not found.");
    }

    @Test
    void s3Responses_carryS3RequestIds() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.endpoint().resolve("/no-such-bucket/k")));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amz-request-id")).isPresent();
        assertThat(response.headers().firstValue("x-amz-id-2")).isPresent();
        assertThat(response.body()).contains("<Code>NoSuchBucket</Code>");
    }

    @Test
    void bucketNamedEndpoints_signedForS3_isS3() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                server.endpoint().resolve("/endpoints/some/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .header("Authorization", signedFor("s3")).header("X-Amz-Date", "20260101T000000Z")
                .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD"));
        assertThat(response.headers().firstValue("x-amz-id-2")).isPresent();
        assertThat(response.body()).contains("<Error>");
    }

    @Test
    void unsignedGetOfRoot_isS3ListBuckets() throws Exception {
        URI uri = server.endpoint().resolve("/");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<ListAllMyBucketsResult");
    }
}
