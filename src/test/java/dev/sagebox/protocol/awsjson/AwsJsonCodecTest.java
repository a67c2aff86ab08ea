package dev.sagebox.protocol.awsjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.aws.Operation;
import dev.sagebox.aws.SageMakerError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS JSON 1.1 codec at the byte level: what botocore and the Java SDK parse. */
class AwsJsonCodecTest {
    record EchoRequest(String trainingJobName, Integer maxResults, Instant creationTimeAfter) {
    }

    record EchoResult(String trainingJobName, Integer maxResults, Instant creationTime, List<String> items,
                      String kmsKeyId) {
    }

    private Server server;
    private LocalConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        connector = new LocalConnector(server);
        server.addConnector(connector);
        Operation<EchoRequest, EchoResult> echo = Operation.of("Echo", EchoRequest.class, (context, request) ->
                new EchoResult(request.trainingJobName(), request.maxResults(), request.creationTimeAfter(),
                        List.of(), null));
        Operation<EchoRequest, EchoResult> missing = Operation.of("Missing", EchoRequest.class, (context, request) -> {
            throw SageMakerError.VALIDATION.exception("Requested resource not found.");
        });
        server.setHandler(new AwsJsonCodec(List.of(JsonService.sageMaker(List.of(echo, missing)))));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpTester.Response post(String target, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String raw = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + (target == null ? "" : "X-Amz-Target: " + target + "\r\n")
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body;
        return HttpTester.parseResponse(connector.getResponse(raw));
    }

    @Test
    void knownOperation_decodesPascalCaseAndOmitsNulls() throws Exception {
        HttpTester.Response response = post("SageMaker.Echo",
                "{\"TrainingJobName\":\"job-1\",\"MaxResults\":5,\"CreationTimeAfter\":1767268800.123,\"Extra\":1}");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(response.getContent()).isEqualTo(
                "{\"TrainingJobName\":\"job-1\",\"MaxResults\":5,\"CreationTime\":1767268800.123,\"Items\":[]}");
    }

    @Test
    void timestamps_acceptIsoInput_andRenderWithoutExponent() throws Exception {
        HttpTester.Response response = post("SageMaker.Echo", "{\"CreationTimeAfter\":\"2026-01-01T12:00:00Z\"}");
        assertThat(response.getContent()).contains("\"CreationTime\":1767268800.000");
    }

    @Test
    void emptyOrNullBody_meansNoMembers() throws Exception {
        assertThat(post("SageMaker.Echo", "").getContent()).isEqualTo("{\"Items\":[]}");
        assertThat(post("SageMaker.Echo", "null").getContent()).isEqualTo("{\"Items\":[]}");
    }

    @Test
    void unknownOperation_isUnknownOperationException_inBodyAndHeader() throws Exception {
        HttpTester.Response response = post("SageMaker.NoSuchThing", "{}");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.get("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
        assertThat(response.getContent()).startsWith("{\"__type\":\"UnknownOperationException\",\"message\":");
    }

    @Test
    void unknownTargetPrefix_isUnknownOperationException() throws Exception {
        HttpTester.Response response = post("DynamoDB_20120810.ListTables", "{}");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.get("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
    }

    @Test
    void malformedJson_isSerializationException() throws Exception {
        HttpTester.Response response = post("SageMaker.Echo", "{\"TrainingJobName\":");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.get("x-amzn-ErrorType")).isEqualTo("SerializationException");
        assertThat(response.getContent()).contains("\"__type\":\"SerializationException\"");
    }

    @Test
    void wrongMemberType_isSerializationException() throws Exception {
        HttpTester.Response response = post("SageMaker.Echo", "{\"MaxResults\":\"ten\"}");
        assertThat(response.get("x-amzn-ErrorType")).isEqualTo("SerializationException");
        assertThat(response.getContent()).doesNotContain("dev.sagebox");
    }

    @Test
    void featureError_keepsItsCodeAndMessage() throws Exception {
        HttpTester.Response response = post("SageMaker.Missing", "{}");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContent())
                .isEqualTo("{\"__type\":\"ValidationException\",\"message\":\"Requested resource not found.\"}");
    }

    @Test
    void requestWithoutTarget_isNotClaimed() throws Exception {
        assertThat(post(null, "{}").getStatus()).isEqualTo(404);
    }
}
