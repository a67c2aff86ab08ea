package dev.sagebox.modelserver;

import static dev.sagebox.modelserver.ServedModel.contentType;
import static dev.sagebox.modelserver.ServedModel.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SavedModel with a code/inference.py written for the TF Serving container (input_handler and output_handler,
 * python_service.py), and TF Serving's own REST routes that such handlers post to. Skipped without tensorflow.
 */
class TfServingHandlersTest {
    private static final String HANDLERS = """
            import json

            def input_handler(data, context):
                values = [float(v) for v in data.read().decode("utf-8").split()]
                return json.dumps({"instances": [values]})

            def output_handler(response, context):
                if response.status_code != 200:
                    raise ValueError(response.content.decode("utf-8"))
                prediction = response.json()["predictions"][0][0]
                return "%s|%s|%s|%s" % (prediction, context.request_content_type, context.accept_header,
                                        context.custom_attributes), "text/plain"
            """;

    @TempDir
    static Path root;
    private static ServedModel served;

    @BeforeAll
    static void serve() throws Exception {
        served = TensorFlowModels.served(root).handler(HANDLERS);
        served.startHealthy();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void inputAndOutputHandlers_wrapThePrediction_withTheRequestContext() throws Exception {
        HttpResponse<byte[]> response = served.invoke("text/plain", null, "1 2 3",
                "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-version=1");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(text(response)).isEqualTo("6.0|text/plain|application/json|tfs-model-version=1");
        assertThat(contentType(response)).isEqualTo("text/plain");
    }

    @Test
    void handlerFailure_isA500_withTheErrorAsJson() throws Exception {
        HttpResponse<byte[]> response = served.invoke("text/plain", null, "1 2");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(text(response)).startsWith("{\"error\": \"{\\\"error\\\": \\\"Input x has shape [1,2]");
    }

    @Test
    void restRoutes_predictAndReportModelStatus_likeTfServing() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> predicted = client.send(HttpRequest.newBuilder(
                        served.uri("/v1/models/half_plus_three/versions/2:predict"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[1, 1, 1]]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(served.uri("/v1/models/multi")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(served.uri("/v1/models/nope:predict"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(predicted.body()).isEqualTo("{\"predictions\":[[5.5]]}");
        assertThat(status.body()).isEqualTo("{\"model_version_status\": [{\"version\": \"1\", \"state\": "
                + "\"AVAILABLE\", \"status\": {\"error_code\": \"OK\", \"error_message\": \"\"}}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }
}
