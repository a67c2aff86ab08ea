package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.jobs.TarGz;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Models for hosting tests: a stdlib {@code inference.py} that doubles numbers (served by Sagebox's model server),
 * and BYO {@code serve} programs that answer 400 or crash at start. The process image mapping sends
 * {@code doubler} to the test's python and the BYO images to their directories.
 */
final class HostingFixture {
    static final String DOUBLER = "123456789012.dkr.ecr.us-east-1.amazonaws.com/doubler:1.0";
    static final String BAD_REQUEST = "123456789012.dkr.ecr.us-east-1.amazonaws.com/bad-request:1.0";
    static final String CRASHER = "123456789012.dkr.ecr.us-east-1.amazonaws.com/crasher:1.0";
    static final String INFERENCE = """
            import json
            import os

            def model_fn(model_dir):
                with open(os.path.join(model_dir, "weights.json")) as f:
                    return json.load(f)

            def input_fn(body, content_type):
                return json.loads(body)

            def predict_fn(data, model):
                return [x * model["w"] for x in data]

            def output_fn(prediction, accept):
                return json.dumps({"predictions": prediction})
            """;
    static final String BAD_REQUEST_SERVE = """
            #!/usr/bin/env python3
            import http.server, os
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def reply(self, status, body):
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def do_GET(self):
                    self.reply(200, b"")
                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    print("rejecting a request", flush=True)
                    self.reply(400, b"bad input")
            http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["SAGEMAKER_BIND_TO_PORT"])), H).serve_forever()
            """;
    static final String ECHO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/echo:1.0";
    static final String ECHO_SERVE = """
            #!/usr/bin/env python3
            import http.server, os
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def log_message(self, *args):
                    pass
                def reply(self, body):
                    # One write for head and body: two small writes would wait on Nagle and delayed ACKs.
                    head = b"HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n"
                    self.wfile.write(head % len(body) + body)
                def do_GET(self):
                    self.reply(b"")
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    if body == b"die":
                        print("asked to die", flush=True)
                        os._exit(5)
                    self.reply(body)
            port = int(os.environ["SAGEMAKER_BIND_TO_PORT"])
            if os.environ.get("PORT_FILE"):
                with open(os.environ["PORT_FILE"], "w") as f:
                    f.write(str(port))
            http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
            """;
    static final String CRASHER_SERVE = """
            #!/bin/sh
            echo "loading the model failed: weights missing"
            exit 3
            """;

    private FixtureDirs dirs;

    record FixtureDirs(Path root, Path modelTarball, Path modelDir) {
    }

    /** Writes the models, BYO directories and the image mapping into {@code server}'s data dir. */
    static HostingFixture install(TestServer server) throws IOException {
        HostingFixture fixture = new HostingFixture();
        Path root = Files.createDirectories(server.home().resolve("fixture"));
        Path modelDir = Files.createDirectories(root.resolve("model"));
        Files.createDirectories(modelDir.resolve("code"));
        Files.writeString(modelDir.resolve("code/inference.py"), INFERENCE);
        Files.writeString(modelDir.resolve("weights.json"), "{\"w\": 2}");
        Path tarball = root.resolve("model.tar.gz");
        TarGz.write(modelDir, tarball);
        Path bad = program(root.resolve("bad-request"), BAD_REQUEST_SERVE);
        Path crasher = program(root.resolve("crasher"), CRASHER_SERVE);
        Path echo = program(root.resolve("echo"), ECHO_SERVE);
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [
                  {"image": "*/doubler:*", "python": "python3"},
                  {"image": "*/bad-request:*", "directory": "%s"},
                  {"image": "*/crasher:*", "directory": "%s"},
                  {"image": "*/echo:*", "directory": "%s"}
                ]}
                """.formatted(bad, crasher, echo));
        fixture.dirs = new FixtureDirs(root, tarball, modelDir);
        return fixture;
    }

    private static Path program(Path dir, String text) throws IOException {
        Files.createDirectories(dir);
        Path serve = dir.resolve("serve");
        Files.writeString(serve, text.stripLeading());
        Files.setPosixFilePermissions(serve, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    Path modelDir() {
        return dirs.modelDir();
    }

    /** Uploads the doubler's model.tar.gz to {@code s3://bucket/key} and returns that URI. */
    String uploadModel(TestServer server, String bucket, String key) {
        server.s3().createBucket(b -> b.bucket(bucket));
        server.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(dirs.modelTarball()));
        return "s3://" + bucket + "/" + key;
    }

    static void createModel(SageMakerClient sm, String name, String image, String modelDataUrl) {
        sm.createModel(b -> b.modelName(name).executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .primaryContainer(ContainerDefinition.builder().image(image).modelDataUrl(modelDataUrl).build()));
    }

    static void createConfig(SageMakerClient sm, String name, ProductionVariant... variants) {
        sm.createEndpointConfig(b -> b.endpointConfigName(name).productionVariants(variants));
    }

    static ProductionVariant variant(String name, String model, int instances, float weight) {
        return ProductionVariant.builder().variantName(name).modelName(model).initialInstanceCount(instances)
                .initialVariantWeight(weight).instanceType("ml.m5.large")
                .containerStartupHealthCheckTimeoutInSeconds(60).build();
    }

    /** Model, config ({@code AllTraffic}) and endpoint named {@code name}, with the doubler at {@code dataUrl}. */
    static void deploy(SageMakerClient sm, String name, String image, String dataUrl) {
        createModel(sm, name, image, dataUrl);
        createConfig(sm, name, variant("AllTraffic", name, 1, 1f));
        sm.createEndpoint(b -> b.endpointName(name).endpointConfigName(name));
    }

    static DescribeEndpointRequest describeRequest(String name) {
        return DescribeEndpointRequest.builder().endpointName(name).build();
    }

    /** An endpoint whose container echoes the body and writes its port to {@code portFile}. */
    static void deployEcho(SageMakerClient sm, String name, Path portFile) {
        sm.createModel(b -> b.modelName(name).executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .primaryContainer(ContainerDefinition.builder().image(ECHO)
                        .environment(java.util.Map.of("PORT_FILE", portFile.toString())).build()));
        createConfig(sm, name, variant("AllTraffic", name, 1, 1f));
        sm.createEndpoint(b -> b.endpointName(name).endpointConfigName(name));
    }

    /** Invokes {@code endpoint} with a JSON body and returns the answer's text. */
    static String invokeJson(SageMakerRuntimeClient runtime, String endpoint, String json) {
        return runtime.invokeEndpoint(b -> b.endpointName(endpoint).contentType("application/json")
                .body(SdkBytes.fromString(json, StandardCharsets.UTF_8))).body().asUtf8String();
    }

    /** The Java SDK's waiter with a 200 ms poll instead of 30 s. */
    static WaiterOverrideConfiguration fastPolling() {
        return WaiterOverrideConfiguration.builder().maxAttempts(300)
                .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(200))).build();
    }

    /** Waits with {@code endpoint_in_service} (which stops at Failed too), then describes the endpoint. */
    static DescribeEndpointResponse awaitSettled(SageMakerClient sm, String name) {
        try {
            sm.waiter().waitUntilEndpointInService(HostingFixture.describeRequest(name), fastPolling());
        } catch (SdkClientException failed) {
            // The waiter's failure state: the endpoint is Failed, which the caller asserts on.
        }
        return sm.describeEndpoint(b -> b.endpointName(name));
    }

    static void assertInService(DescribeEndpointResponse d) {
        assertThat(d.endpointStatus()).as(d.failureReason()).isEqualTo(EndpointStatus.IN_SERVICE);
    }
}
