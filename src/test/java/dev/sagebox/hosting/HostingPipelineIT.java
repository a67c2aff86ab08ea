package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static dev.sagebox.hosting.HostingFixture.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.InferenceExecutionConfig;
import software.amazon.awssdk.services.sagemaker.model.InferenceExecutionMode;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * Multi-container models on the process runtime: a serial inference pipeline feeds each container's answer (body
 * and type) to the next, and a Direct endpoint sends each call to the container its TargetContainerHostname names.
 * Every container reads its own model data ({@code suffix.txt}) and logs to its own stream.
 */
class HostingPipelineIT {
    static final String STAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/stage:1.0";
    /** Appends {@code |<content type>><suffix>} to the body and answers as {@code application/x-<suffix>}. */
    static final String STAGE_SERVE = """
            #!/usr/bin/env python3
            import http.server, os
            SUFFIX = open(os.path.join(os.environ["SAGEMAKER_BASE_DIR"], "model", "suffix.txt")).read().strip()
            print("stage " + SUFFIX + " ready", flush=True)
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def reply(self, status, body, ctype):
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def do_GET(self):
                    self.reply(200, b"", "text/plain")
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
                    if body == "die-" + SUFFIX:
                        os._exit(5)
                    if "fail-" + SUFFIX in body:
                        self.reply(400, ("stage " + SUFFIX + " rejects " + body).encode(), "text/plain")
                        return
                    answer = body + "|" + self.headers.get("Content-Type", "") + ">" + SUFFIX
                    self.reply(200, answer.encode(), "application/x-" + SUFFIX)
            port = int(os.environ["SAGEMAKER_BIND_TO_PORT"])
            http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
            """;

    private static TestServer server;
    private static SageMakerClient sm;
    private static SageMakerRuntimeClient runtime;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        HostingFixture.install(server);
        sm = server.sageMaker();
        runtime = server.sageMakerRuntime();
        root = server.home().resolve("fixture");
        Path stage = Files.createDirectories(root.resolve("stage"));
        Files.writeString(stage.resolve("serve"), STAGE_SERVE.stripLeading());
        Files.setPosixFilePermissions(stage.resolve("serve"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mapping = server.home().resolve("process-images.json");
        Files.writeString(mapping, Files.readString(mapping).replace("\"images\": [",
                "\"images\": [\n  {\"image\": \"*/stage:*\", \"directory\": \"" + stage + "\"},"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    /** A stage container whose model data holds {@code suffix}. */
    private static ContainerDefinition stage(String hostname, String suffix) throws IOException {
        Path data = Files.createDirectories(root.resolve("data-" + suffix));
        Files.writeString(data.resolve("suffix.txt"), suffix);
        return ContainerDefinition.builder().containerHostname(hostname).image(STAGE)
                .modelDataUrl("file://" + data).build();
    }

    private static void deploy(String name, InferenceExecutionMode mode, ContainerDefinition... containers) {
        sm.createModel(b -> b.modelName(name).executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .containers(containers)
                .inferenceExecutionConfig(mode == null ? null
                        : InferenceExecutionConfig.builder().mode(mode).build()));
        HostingFixture.createConfig(sm, name, variant("AllTraffic", name, 1, 1f));
        sm.createEndpoint(b -> b.endpointName(name).endpointConfigName(name));
    }

    private static InvokeEndpointResponse invoke(String endpoint, String body, String target) {
        return runtime.invokeEndpoint(b -> b.endpointName(endpoint).contentType("text/plain")
                .targetContainerHostname(target).body(SdkBytes.fromString(body, StandardCharsets.UTF_8)));
    }

    @Test
    void serialPipeline_eachAnswerFeedsTheNextContainer() throws IOException {
        deploy("serial", null, stage("first", "a"), stage(null, "b"));
        DescribeEndpointResponse d = awaitSettled(sm, "serial");
        assertInService(d);
        assertThat(d.productionVariants().getFirst().deployedImages()).hasSize(2);

        InvokeEndpointResponse answer = invoke("serial", "x", null);

        assertThat(answer.body().asUtf8String()).isEqualTo("x|text/plain>a|application/x-a>b");
        assertThat(answer.contentType()).isEqualTo("application/x-b");
        assertThat(answer.invokedProductionVariant()).isEqualTo("AllTraffic");
    }

    @Test
    void serialPipeline_describeModelAndLogStreams_showEveryContainer() throws IOException {
        deploy("described", InferenceExecutionMode.SERIAL, stage("first", "c"), stage("second", "d"));
        assertInService(awaitSettled(sm, "described"));

        DescribeModelResponse model = sm.describeModel(b -> b.modelName("described"));

        assertThat(model.primaryContainer()).isNull();
        assertThat(model.containers()).extracting(ContainerDefinition::containerHostname)
                .containsExactly("first", "second");
        assertThat(model.inferenceExecutionConfig().mode()).isEqualTo(InferenceExecutionMode.SERIAL);
        List<String> streams = server.logs().describeLogStreams(b -> b
                .logGroupName("/aws/sagemaker/Endpoints/described")).logStreams().stream()
                .map(LogStream::logStreamName).toList();
        assertThat(streams).hasSize(2).allMatch(s -> s.matches("AllTraffic/i-[0-9a-f]+/(first|second)"));
    }

    @Test
    void serialPipeline_laterContainerAnswers400_isModelErrorNamingIt() throws IOException {
        deploy("failing", null, stage("first", "e"), stage(null, "f"));
        assertInService(awaitSettled(sm, "failing"));

        assertThatThrownBy(() -> invoke("failing", "fail-f", null))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(424);
                    assertThat(e.originalStatusCode()).isEqualTo(400);
                    assertThat(e.originalMessage()).isEqualTo("stage f rejects fail-f|text/plain>e");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received client error (400) from"
                            + " container-2 with message");
                });
    }

    @Test
    void direct_targetContainerHostname_picksTheContainer() throws IOException {
        deploy("direct", InferenceExecutionMode.DIRECT, stage("alpha", "g"), stage("beta", "h"));
        assertInService(awaitSettled(sm, "direct"));

        assertThat(invoke("direct", "x", "beta").body().asUtf8String()).isEqualTo("x|text/plain>h");
        assertThat(invoke("direct", "x", "alpha").body().asUtf8String()).isEqualTo("x|text/plain>g");
        assertValidationError(() -> invoke("direct", "x", null), "TargetContainerHostname must be specified");
        assertValidationError(() -> invoke("direct", "x", "gamma"), "TargetContainerHostname gamma does not exist");
    }

    @Test
    void boto3_direct_targetContainerHostnamePicksTheContainer() throws IOException {
        deploy("direct-boto", InferenceExecutionMode.DIRECT, stage("left", "n"), stage("right", "o"));
        assertInService(awaitSettled(sm, "direct-boto"));

        String out = ClientScripts.python(server.endpoint(), "hosting_direct_boto3.py", "direct-boto", "right", "left")
                .assertSuccess().stdout();

        assertThat(out.lines()).containsExactly("right x|text/plain>o application/x-o",
                "left x|text/plain>n application/x-n", "none ValidationError 400");
    }

    @Test
    void pipelineContainerExitingWhileInService_instanceIsRestartedWithAllItsContainers() throws IOException {
        deploy("phoenix", null, stage("first", "p"), stage("second", "q"));
        assertInService(awaitSettled(sm, "phoenix"));

        assertThatThrownBy(() -> invoke("phoenix", "die-p", null)).isInstanceOf(ModelErrorException.class);
        String answer = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (answer == null && System.nanoTime() < deadline) {
            try {
                answer = invoke("phoenix", "x", null).body().asUtf8String();
            } catch (SageMakerRuntimeException restarting) {
                // ServiceUnavailable until the new instance's containers all answer /ping
            }
        }

        assertThat(answer).isEqualTo("x|text/plain>p|application/x-p>q");
        List<String> streams = server.logs().describeLogStreams(b -> b
                .logGroupName("/aws/sagemaker/Endpoints/phoenix")).logStreams().stream()
                .map(LogStream::logStreamName).toList();
        assertThat(streams).hasSize(4);
    }

    @Test
    void serialEndpoint_withTargetContainerHostname_isValidationError() throws IOException {
        deploy("notdirect", null, stage("one", "i"), stage("two", "j"));
        assertInService(awaitSettled(sm, "notdirect"));

        assertValidationError(() -> invoke("notdirect", "x", "one"), "not configured for direct invocation");
    }

    @Test
    void createModel_directWithoutHostname_isValidationException() throws IOException {
        ContainerDefinition unnamed = stage(null, "k");

        assertThatThrownBy(() -> deploy("unnamed", InferenceExecutionMode.DIRECT, stage("named", "l"), unnamed))
                .isInstanceOfSatisfying(SageMakerException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("containers.2.member.containerHostname");
                });
    }

    @Test
    void pipelineWhoseSecondContainerCrashes_isFailedNamingIt() throws IOException {
        deploy("halfcrash", null, stage("first", "m"),
                ContainerDefinition.builder().containerHostname("broken").image(HostingFixture.CRASHER).build());

        DescribeEndpointResponse d = awaitSettled(sm, "halfcrash");

        assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.FAILED);
        assertThat(d.failureReason()).contains("Container broken exited with code 3.")
                .contains("loading the model failed");
    }

    private static void assertValidationError(Runnable call, String text) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).contains(text);
        });
    }
}
