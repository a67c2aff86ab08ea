package dev.sagebox.hosting;

import static dev.sagebox.hosting.HostingFixture.assertInService;
import static dev.sagebox.hosting.HostingFixture.awaitSettled;
import static dev.sagebox.hosting.HostingFixture.createConfig;
import static dev.sagebox.hosting.HostingFixture.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Container;
import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * Endpoints served as Docker containers (CONTRACTS §6.3) on a real engine: an image with a {@code serve} program that
 * honours {@code SAGEMAKER_BIND_TO_PORT} and carries the accept-bind-to-port label, driven by the Java SDK.
 */
class DockerHostingIT {
    private static TestServer server;
    private static SageMakerClient sm;
    private static SageMakerRuntimeClient runtime;
    private static String image;
    private static Path modelDir;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sm = server.sageMaker();
        runtime = server.sageMakerRuntime();
        modelDir = Files.createDirectories(server.home().resolve("user-model"));
        Files.writeString(modelDir.resolve("factor"), "3");
        if (TestImages.isAvailable(TestImages.PYTHON)) {
            image = serveImage();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @BeforeEach
    void requireDocker() {
        TestImages.assumeAvailable(TestImages.PYTHON);
    }

    /** The python test image with the serve program on PATH and the accept-bind-to-port label. */
    static String serveImage() throws IOException {
        try (InputStream serve = DockerHostingIT.class.getResourceAsStream("/hosting/docker-serve.py")) {
            return TestImages.derived("serve-docker", TestImages.PYTHON,
                    Map.of("/usr/local/bin/serve", serve.readAllBytes()),
                    Map.of("com.amazonaws.sagemaker.capabilities.accept-bind-to-port", "true"));
        }
    }

    private static void deploy(String name, int instances, Map<String, String> env) {
        deploy(name, image, instances, env);
    }

    private static void deploy(String name, String image, int instances, Map<String, String> env) {
        sm.createModel(b -> b.modelName(name).executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .primaryContainer(ContainerDefinition.builder().image(image).modelDataUrl("file://" + modelDir)
                        .environment(env).build()));
        createConfig(sm, name, variant("AllTraffic", name, instances, 1f));
        sm.createEndpoint(b -> b.endpointName(name).endpointConfigName(name));
    }

    private static String invoke(String endpoint, String body) {
        return HostingFixture.invokeJson(runtime, endpoint, body);
    }

    private static List<Container> containers(String arn) {
        return TestImages.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("sagebox.arn", arn)).exec();
    }

    @Test
    void dockerEndpoint_servesFromReadOnlyModel_thenDeleteRemovesContainer() throws Exception {
        deploy("docker-ep", 1, Map.of());
        DescribeEndpointResponse d = awaitSettled(sm, "docker-ep");
        assertInService(d);
        assertThat(containers(d.endpointArn())).hasSize(1);

        assertThat(invoke("docker-ep", "[1, 2]")).isEqualTo("[3.0, 6.0]");
        assertThat(invoke("docker-ep", "model-dir")).contains("read-only");
        assertThat(modelDir.resolve("probe")).doesNotExist();

        sm.deleteEndpoint(b -> b.endpointName("docker-ep"));
        sm.waiter().waitUntilEndpointDeleted(HostingFixture.describeRequest("docker-ep"),
                HostingFixture.fastPolling());
        awaitNoContainers(d.endpointArn());
    }

    @Test
    void dockerPipeline_eachContainerHasItsOwnPortAndModelData_answersFeedTheNext() throws Exception {
        Path second = Files.createDirectories(server.home().resolve("second-model"));
        Files.writeString(second.resolve("factor"), "2");
        sm.createModel(b -> b.modelName("docker-pipe").executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .containers(ContainerDefinition.builder().containerHostname("triple").image(image)
                                .modelDataUrl("file://" + modelDir).build(),
                        ContainerDefinition.builder().containerHostname("double").image(image)
                                .modelDataUrl("file://" + second).build()));
        createConfig(sm, "docker-pipe", variant("AllTraffic", "docker-pipe", 1, 1f));
        sm.createEndpoint(b -> b.endpointName("docker-pipe").endpointConfigName("docker-pipe"));
        DescribeEndpointResponse d = awaitSettled(sm, "docker-pipe");
        assertInService(d);
        assertThat(containers(d.endpointArn())).hasSize(2);

        assertThat(invoke("docker-pipe", "[1, 2]")).isEqualTo("[6.0, 12.0]");

        sm.deleteEndpoint(b -> b.endpointName("docker-pipe"));
        awaitNoContainers(d.endpointArn());
    }

    @Test
    void dockerEndpoint_containerAnswers400_isModelError() {
        deploy("docker-400", 1, Map.of());
        assertInService(awaitSettled(sm, "docker-400"));

        assertThatThrownBy(() -> invoke("docker-400", "bad"))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.originalStatusCode()).isEqualTo(400);
                    assertThat(e.originalMessage()).contains("bad input");
                });
        sm.deleteEndpoint(b -> b.endpointName("docker-400"));
    }

    @Test
    void dockerEndpoint_crashAtStart_isFailedWithExitCodeAndLog() throws Exception {
        deploy("docker-crash", 1, Map.of("SERVE_MODE", "crash"));
        DescribeEndpointResponse d = awaitSettled(sm, "docker-crash");

        assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.FAILED);
        assertThat(d.failureReason()).contains("did not pass the ping health check").contains("exited with code 3")
                .contains("cannot load the model");
        awaitNoContainers(d.endpointArn());
    }

    @Test
    void dockerEndpoint_twoInstances_bothServe() throws Exception {
        deploy("docker-two", 2, Map.of());
        DescribeEndpointResponse d = awaitSettled(sm, "docker-two");
        assertInService(d);
        assertThat(d.productionVariants().getFirst().currentInstanceCount()).isEqualTo(2);
        assertThat(containers(d.endpointArn())).hasSize(2);
        for (int i = 0; i < 6; i++) {
            assertThat(invoke("docker-two", "[" + i + "]")).isEqualTo("[" + 3.0 * i + "]");
        }
        sm.deleteEndpoint(b -> b.endpointName("docker-two"));
        awaitNoContainers(d.endpointArn());
    }

    @Test
    void dockerEndpoint_imageWithoutBindLabel_servesOn8080OneAtATime() throws Exception {
        Assumptions.assumeTrue(isFree(8080), "host port 8080 is in use here");
        String on8080;
        try (InputStream serve = DockerHostingIT.class.getResourceAsStream("/hosting/docker-serve.py")) {
            on8080 = TestImages.derived("serve-8080", TestImages.PYTHON,
                    Map.of("/usr/local/bin/serve", serve.readAllBytes()));
        }
        deploy("docker-8080", on8080, 1, Map.of());
        DescribeEndpointResponse first = awaitSettled(sm, "docker-8080");
        assertInService(first);
        assertThat(invoke("docker-8080", "[2]")).isEqualTo("[6.0]");

        deploy("docker-8080-b", on8080, 1, Map.of());
        DescribeEndpointResponse second = awaitSettled(sm, "docker-8080-b");
        assertThat(second.endpointStatus()).isEqualTo(EndpointStatus.FAILED);
        assertThat(second.failureReason()).contains("accept-bind-to-port").contains("8080");

        sm.deleteEndpoint(b -> b.endpointName("docker-8080"));
        sm.deleteEndpoint(b -> b.endpointName("docker-8080-b"));
        awaitNoContainers(first.endpointArn());
    }

    @Test
    void dockerEndpoint_containerKilledWhileInService_isRestarted() throws Exception {
        deploy("docker-restart", 1, Map.of());
        DescribeEndpointResponse d = awaitSettled(sm, "docker-restart");
        assertInService(d);
        String first = containers(d.endpointArn()).getFirst().getId();

        TestImages.client().killContainerCmd(first).exec();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String answer = null;
        while (answer == null && System.nanoTime() < deadline) {
            List<Container> now = containers(d.endpointArn());
            if (now.size() == 1 && !now.getFirst().getId().equals(first)) {
                try {
                    answer = invoke("docker-restart", "[5]");
                } catch (RuntimeException notYet) {
                    Thread.sleep(20);
                }
            } else {
                Thread.sleep(20);
            }
        }
        assertThat(answer).isEqualTo("[15.0]");
        sm.deleteEndpoint(b -> b.endpointName("docker-restart"));
        awaitNoContainers(d.endpointArn());
    }

    @Test
    void dockerRuntime_imageNotLocal_isFailedWithNotInLocalCache() throws Exception {
        String absent = "123456789012.dkr.ecr.us-east-1.amazonaws.com/absent-model:1.0";
        TestServer docker = TestServer.start(Map.of("sagebox.runtime", "docker"));
        try (SageMakerClient client = docker.sageMaker()) {
            client.createModel(b -> b.modelName("absent").executionRoleArn("arn:aws:iam::000000000000:role/R")
                    .primaryContainer(ContainerDefinition.builder().image(absent).build()));
            createConfig(client, "absent", variant("AllTraffic", "absent", 1, 1f));
            client.createEndpoint(b -> b.endpointName("absent").endpointConfigName("absent"));
            DescribeEndpointResponse d = awaitSettled(client, "absent");

            assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.FAILED);
            assertThat(d.failureReason()).contains("Image " + absent + " is not in the local cache");
        } finally {
            docker.close();
            docker.delete();
        }
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitNoContainers(String arn) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!containers(arn).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(containers(arn)).isEmpty();
    }
}
