package dev.sagebox.modelserver;

import static dev.sagebox.modelserver.ServedModel.contentType;
import static dev.sagebox.modelserver.ServedModel.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SavedModels served with the TF Serving container's request rewriting and TF Serving's REST formats (CONTRACTS.md
 * §6.4). Needs a Python with tensorflow ({@link TensorFlowModels}); without one the class is skipped.
 */
class TfServingFormatsTest {
    private static final String JSON = "application/json";
    private static final String ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

    @TempDir
    static Path root;
    private static ServedModel served;

    @BeforeAll
    static void serveExportedModels() throws Exception {
        served = TensorFlowModels.served(root);
        served.startHealthy();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void instances_areARowRequest_answeredWithPredictions() throws Exception {
        HttpResponse<byte[]> response = served.invoke(JSON, null, "{\"instances\": [[1, 2, 3], [0, 0, 0]]}");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(text(response)).isEqualTo("{\"predictions\":[[7.0],[4.0]]}");
        assertThat(contentType(response)).isEqualTo(JSON);
    }

    @Test
    void inputs_areAColumnarRequest_answeredWithOutputs() throws Exception {
        assertThat(text(served.invoke(JSON, null, "{\"inputs\": [[1, 2, 3]]}"))).isEqualTo("{\"outputs\":[[7.0]]}");
    }

    @Test
    void otherJson_isOneInstance_unlessItStartsAsAListOfLists() throws Exception {
        assertThat(text(served.invoke(JSON, null, "[1, 2, 3]"))).isEqualTo("{\"predictions\":[[7.0]]}");
        assertThat(text(served.invoke(JSON, null, " [ [1, 2, 3], [1, 1, 1]]")))
                .isEqualTo("{\"predictions\":[[7.0],[5.5]]}");
    }

    @Test
    void jsonLines_andCsv_giveOneInstancePerLine() throws Exception {
        assertThat(text(served.invoke("application/jsonlines", null, "[1, 2, 3]\n[2, 2, 2]\n")))
                .isEqualTo("{\"predictions\":[[7.0],[7.0]]}");
        assertThat(text(served.invoke(JSON, null, "[1, 2, 3]\n[0, 0, 0]")))
                .as("JSON Lines are detected from the body").isEqualTo("{\"predictions\":[[7.0],[4.0]]}");
        assertThat(served.invoke(JSON, null, "[1, 2, 3] [0, 0, 2]").statusCode())
                .as("values on one line make no JSON Lines, as in the container").isEqualTo(400);
        assertThat(text(served.invoke("text/csv", null, "1,2,3\r\n0,0,0\n")))
                .isEqualTo("{\"predictions\":[[7.0],[4.0]]}");
    }

    @Test
    void contentType_isComparedExactly_and415NamesIt() throws Exception {
        HttpResponse<byte[]> response = served.invoke("application/json; charset=utf-8", null, "[1, 2, 3]");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(text(response)).isEqualTo("{\"error\": \"Unsupported Media Type: application/json; charset=utf-8\"}");
        assertThat(served.invoke(null, null, "[1, 2, 3]").statusCode()).as("no Content-Type is JSON").isEqualTo(200);
    }

    @Test
    void customAttributes_pickTheModelVersion_andAnUnknownOneIsNotFound() throws Exception {
        HttpResponse<byte[]> first = served.invoke(JSON, null, "[1, 2, 3]", ATTRIBUTES,
                "tfs-model-name=half_plus_three,tfs-model-version=1");
        HttpResponse<byte[]> missing = served.invoke(JSON, null, "[1, 2, 3]", ATTRIBUTES, "tfs-model-version=9");

        assertThat(text(first)).isEqualTo("{\"predictions\":[[6.0]]}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(text(missing)).isEqualTo("{\"error\": \"Servable not found for request: "
                + "Specific(half_plus_three, 9)\"}");
    }

    @Test
    void severalOutputs_giveObjectsPerRow_orAnObjectOfColumns_andB64FeedsStrings() throws Exception {
        HttpResponse<byte[]> rows = served.invoke(JSON, null,
                "{\"instances\": [{\"a\": 1.5, \"word\": \"hi\"}, {\"a\": 2, \"word\": {\"b64\": \"eW8=\"}}]}",
                ATTRIBUTES, "tfs-model-name=multi");
        HttpResponse<byte[]> columns = served.invoke(JSON, null,
                "{\"inputs\": {\"a\": [0.1], \"word\": [\"ok\"]}}", ATTRIBUTES, "tfs-model-name=multi");

        assertThat(text(rows)).isEqualTo("{\"predictions\":[{\"double\":3.0,\"shout\":\"HI\"},"
                + "{\"double\":4.0,\"shout\":\"YO\"}]}");
        assertThat(text(columns)).isEqualTo("{\"outputs\":{\"double\":[0.2],\"shout\":[\"OK\"]}}");
    }

    @Test
    void classify_andRegress_answerWithResults() throws Exception {
        HttpResponse<byte[]> classified = served.invoke(JSON, null,
                "{\"signature_name\": \"classify\", \"examples\": [{\"x\": 0.0}]}", ATTRIBUTES,
                "tfs-model-name=multi,tfs-method=classify");
        HttpResponse<byte[]> regressed = served.invoke(JSON, null,
                "{\"signature_name\": \"regress\", \"context\": {\"k\": 3}, \"examples\": [{\"x\": 0.5}, {\"x\": 2.0}]}",
                ATTRIBUTES, "tfs-model-name=multi,tfs-method=regress");

        assertThat(text(classified)).isEqualTo("{\"results\":[[[\"no\",0.5],[\"yes\",0.5]]]}");
        assertThat(text(regressed)).isEqualTo("{\"results\":[1.5,6.0]}");
    }

    @Test
    void acceptNamingJsonLines_becomesTheResponseContentType() throws Exception {
        HttpResponse<byte[]> response = served.invoke(JSON, "application/jsonlines,application/json", "[1, 2, 3]");

        assertThat(contentType(response)).isEqualTo("application/jsonlines");
        assertThat(contentType(served.invoke(JSON, "text/csv", "[1, 2, 3]"))).isEqualTo(JSON);
    }

    @Test
    void inputOfTheWrongShape_isA400WithTfServingsErrorBody() throws Exception {
        HttpResponse<byte[]> response = served.invoke(JSON, null, "{\"instances\": [[1, 2]]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).startsWith("{\"error\": \"").contains("[?,3]");
    }
}
