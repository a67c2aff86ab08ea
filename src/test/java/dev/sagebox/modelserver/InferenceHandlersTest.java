package dev.sagebox.modelserver;

import static dev.sagebox.modelserver.ServedModel.contentType;
import static dev.sagebox.modelserver.ServedModel.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inference toolkit's handler contract (CONTRACTS.md §6.4), with handlers that need only the standard library. */
class InferenceHandlersTest {
    private static final String PIPELINE = """
            import json

            def model_fn(model_dir):
                return {"scale": 3}

            def input_fn(body, content_type):
                return {"kind": type(body).__name__, "values": json.loads(body), "content_type": content_type}

            def predict_fn(data, model):
                return dict(data, values=[v * model["scale"] for v in data["values"]])

            def output_fn(prediction, accept):
                return json.dumps(dict(prediction, accept=accept))
            """;

    @TempDir
    Path root;

    @Test
    void ping_isUnavailableWhileModelFnRuns_andHealthyOnceItReturns() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                import os, time

                def model_fn(model_dir):
                    while not os.path.exists(os.path.join(model_dir, "go")):
                        time.sleep(0.01)
                    return "ready"

                def predict_fn(data, model):
                    return model
                """).start()) {
            served.awaitPing(503, Duration.ofSeconds(30));
            assertThat(served.invoke("application/json", null, "1").statusCode()).isEqualTo(503);

            Files.writeString(served.modelDir().resolve("go"), "");

            served.awaitPing(200, Duration.ofSeconds(30));
        }
    }

    @Test
    void modelFnFailure_exitsNonZeroAtOnce_namingTheError() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                def model_fn(model_dir):
                    raise ValueError("weights file is corrupt")
                """).start()) {
            assertThat(served.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(served.stderr()).contains("the model failed to load: ValueError: weights file is corrupt");
        }
    }

    @Test
    void noModelFn_failsToLoad_withTheToolkitsMessage() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("def predict_fn(data, model):\n    return data\n")
                .start()) {
            assertThat(served.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(served.stderr()).contains("Please provide a model_fn implementation.");
        }
    }

    @Test
    void transformFnMixedWithPredictFn_failsToLoad() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                def model_fn(model_dir): return 1
                def transform_fn(model, body, content_type, accept): return body
                def predict_fn(data, model): return data
                """).start()) {
            assertThat(served.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(served.stderr()).contains("Cannot use transform_fn implementation in conjunction with "
                    + "input_fn, predict_fn, and/or output_fn implementation");
        }
    }

    @Test
    void inputPredictOutput_jsonBodyArrivesDecoded_andAcceptDefaultsWhenMissingOrAny() throws Exception {
        try (ServedModel served = new ServedModel(root).handler(PIPELINE)
                .env("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", "application/jsonlines").startHealthy()) {
            HttpResponse<byte[]> missing = served.invoke("application/json", null, "[1, 2]");
            HttpResponse<byte[]> any = served.invoke("application/json", "*/*", "[1, 2]");
            HttpResponse<byte[]> given = served.invoke("application/json", "application/json", "[1, 2]");

            assertThat(missing.statusCode()).isEqualTo(200);
            assertThat(text(missing)).isEqualTo("{\"kind\": \"str\", \"values\": [3, 6], \"content_type\": "
                    + "\"application/json\", \"accept\": \"application/jsonlines\"}");
            assertThat(contentType(missing)).isEqualTo("application/jsonlines");
            assertThat(text(any)).contains("\"accept\": \"application/jsonlines\"");
            assertThat(text(given)).contains("\"accept\": \"application/json\"");
            assertThat(contentType(given)).isEqualTo("application/json");
        }
    }

    @Test
    void csvIsDecoded_butOtherTypesReachInputFnAsBytes() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                def model_fn(model_dir): return None
                def input_fn(body, content_type): return type(body).__name__ + ":" + content_type
                def predict_fn(data, model): return data
                def output_fn(prediction, accept): return prediction
                """).startHealthy()) {
            assertThat(text(served.invoke("text/csv", null, "1,2"))).isEqualTo("str:text/csv");
            assertThat(text(served.invoke("application/json; charset=utf-8", null, "[]")))
                    .isEqualTo("bytes:application/json; charset=utf-8");
            assertThat(text(served.invoke("application/octet-stream", null, "x")))
                    .isEqualTo("bytes:application/octet-stream");
        }
    }

    @Test
    void transformFn_resultIsTheBody_andItsContentTypeIsTheAcceptType() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                def model_fn(model_dir): return "m"
                def transform_fn(model, body, content_type, accept):
                    return "%s|%s|%s|%s" % (model, body, content_type, accept)
                """).startHealthy()) {
            HttpResponse<byte[]> response = served.invoke("text/csv", "text/csv", "1,2");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(text(response)).isEqualTo("m|1,2|text/csv|text/csv");
            assertThat(contentType(response)).isEqualTo("text/csv");
        }
    }

    @Test
    void outputFnTuple_setsTheResponseContentType() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                def model_fn(model_dir): return None
                def input_fn(body, content_type): return body
                def predict_fn(data, model): return data
                def output_fn(prediction, accept): return b"\\x00\\x01" + prediction, "application/x-custom"
                """).startHealthy()) {
            HttpResponse<byte[]> response = served.invoke("application/octet-stream", "application/json", "ab");

            assertThat(response.body()).containsExactly(0, 1, 'a', 'b');
            assertThat(contentType(response)).isEqualTo("application/x-custom");
        }
    }

    @Test
    void handlersWithContext_readTheCustomAttributes_andTheirResponseHeaderIsEchoed() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes"
                calls = []

                def pre_model_fn(model_dir): calls.append("pre")
                def model_fn(model_dir, context): return context.system_properties["model_dir"]
                def model_warmup_fn(model_dir, model): calls.append("warmup")
                def input_fn(body, content_type, context):
                    return context.get_request_header(0, ATTRIBUTES)
                def predict_fn(data, model, context):
                    context.set_response_header(0, ATTRIBUTES, "seen=" + data)
                    return data
                def output_fn(prediction, accept, context):
                    return ",".join(calls) + "|" + context.custom_attributes
                """).startHealthy()) {
            HttpResponse<byte[]> plain = served.invoke("text/plain", null, "x");
            HttpResponse<byte[]> response = served.invoke("text/plain", null, "x",
                    "X-Amzn-SageMaker-Custom-Attributes", "trace=abc,tfs-model-name=m");

            assertThat(plain.statusCode()).as(text(plain)).isEqualTo(500);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(text(response)).isEqualTo("pre,warmup|trace=abc,tfs-model-name=m");
            assertThat(response.headers().firstValue("X-Amzn-SageMaker-Custom-Attributes"))
                    .contains("seen=trace=abc,tfs-model-name=m");
        }
    }

    @Test
    void unsupportedContentType_isUnsupportedFormatError_asA500() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                def model_fn(model_dir): return None
                def predict_fn(data, model): return data
                """).startHealthy()) {
            HttpResponse<byte[]> response = served.invoke("image/png", null, "x");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(text(response)).startsWith("Content type image/png is not supported by this framework.\n\n"
                    + "Please implement input_fn to to deserialize the request data or an output_fn to\n"
                    + "serialize the response.").contains("Traceback");
        }
    }

    @Test
    void unsupportedAccept_isUnsupportedFormatError_namingTheAcceptHeader() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                def model_fn(model_dir): return None
                def input_fn(body, content_type): return [1]
                def predict_fn(data, model): return data
                """).startHealthy()) {
            HttpResponse<byte[]> response = served.invoke("application/json", "image/png, text/html", "1");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(text(response)).startsWith("Content type image/png, text/html is not supported");
        }
    }

    @Test
    void userException_isA500_withItsMessage_andAToolkitErrorKeepsItsStatus() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                class BadInput(Exception):
                    def __init__(self, message):
                        super().__init__(message)
                        self.status_code, self.message, self.phrase = 400, message, message

                def model_fn(model_dir): return None
                def input_fn(body, content_type):
                    if body == b"bad":
                        raise BadInput("field x is missing")
                    raise KeyError("boom")
                def predict_fn(data, model): return data
                def output_fn(prediction, accept): return prediction
                """).startHealthy()) {
            HttpResponse<byte[]> failure = served.invoke("application/octet-stream", null, "other");
            HttpResponse<byte[]> badInput = served.invoke("application/octet-stream", null, "bad");

            assertThat(failure.statusCode()).isEqualTo(500);
            assertThat(text(failure)).startsWith("'boom'\nTraceback (most recent call last):").contains("KeyError");
            assertThat(badInput.statusCode()).isEqualTo(400);
            assertThat(text(badInput)).startsWith("field x is missing\n");
            assertThat(served.stdout()).contains("\"POST /invocations\" 500").contains("\"POST /invocations\" 400");
        }
    }

    @Test
    void nonTextResults_areWrittenAsMmsWritesThem() throws Exception {
        try (ServedModel served = new ServedModel(root).handler("""
                def model_fn(model_dir): return None
                def transform_fn(model, body, content_type, accept):
                    return {"a": [1, 2]} if body == b"dict" else None
                """).startHealthy()) {
            assertThat(text(served.invoke("application/octet-stream", null, "dict")))
                    .isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ]\n}");
            assertThat(served.invoke("application/octet-stream", null, "none").body()).isEmpty();
        }
    }

    @Test
    void submitDirectory_andProgramName_pickTheHandlerModule() throws Exception {
        Path submit = Files.createDirectories(root.resolve("source"));
        Files.writeString(submit.resolve("serve_me.py"), """
                import helper
                def model_fn(model_dir): return helper.NAME
                def transform_fn(model, body, content_type, accept): return model
                """);
        Files.writeString(submit.resolve("helper.py"), "NAME = 'from the submit directory'\n");
        try (ServedModel served = new ServedModel(root).handler("raise SystemExit('the wrong module')\n")
                .env("SAGEMAKER_SUBMIT_DIRECTORY", "file://" + submit).env("SAGEMAKER_PROGRAM", "serve_me.py")
                .startHealthy()) {
            assertThat(text(served.invoke("application/json", null, "1"))).isEqualTo("from the submit directory");
        }
    }
}
