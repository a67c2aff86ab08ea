package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.SageboxConfig;
import dev.sagebox.testing.LoopbackRegistry;
import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * {@code --push-image} against a loopback registry with basic auth ({@code .ci/registry-setup.sh}): the locally built
 * image is tagged, pushed, and the target job runs the pushed reference. Jobs are recorded but not run here.
 */
class PromotePushImageIT {
    private final List<TestServer> servers = new ArrayList<>();
    private TestServer local;
    private TestServer cloud;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        TestImages.assumeAvailable(TestImages.BUSYBOX);
        PromoteFixture.useTestCredentials();
        Map<String, String> noRuns = Map.of(SageboxConfig.TRAINING_LAUNCH, "false");
        local = TestServer.start(noRuns);
        cloud = TestServer.start(noRuns);
        servers.addAll(List.of(local, cloud));
        PromoteFixture.uploadInputs(local, Files.createDirectories(dir.resolve("work")), "built-here", 16);
    }

    @AfterEach
    void stop() throws Exception {
        for (TestServer server : servers) {
            server.close();
            server.delete();
        }
    }

    private PromoteFixture.Run promote(String job, String image, String stdin, String... extra) {
        try (SageMakerClient sm = local.sageMaker()) {
            sm.createTrainingJob(PromoteFixture.job(job).toBuilder()
                    .algorithmSpecification(a -> a.trainingImage(image).trainingInputMode("File")).build());
        }
        List<String> args = PromoteFixture.endpoints(local, cloud);
        args.addAll(0, List.of("promote", "training-job", job, "--role", PromoteFixture.ROLE));
        args.addAll(List.of(extra));
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return PromoteFixture.cli(args.toArray(String[]::new));
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void pushImage_pushesTheLocalImageWithLogin_andTheTargetJobRunsThePushedReference() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(Files.createDirectories(dir.resolve("reg")),
                "pusher", "s3cret")) {
            String repo = registry.address() + "/sagebox-test/promoted";
            PromoteFixture.Run run = promote("built-here", TestImages.BUSYBOX, "s3cret\n", "--push-image", repo,
                    "--registry-username", "pusher", "--registry-password-stdin");

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("Pushing " + TestImages.BUSYBOX + " to " + repo + ":1");
            try (SageMakerClient sm = cloud.sageMaker()) {
                assertThat(sm.describeTrainingJob(b -> b.trainingJobName("built-here")).algorithmSpecification()
                        .trainingImage()).isEqualTo(repo + ":1");
            }
            HttpResponse<String> tags = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + registry.address() + "/v2/sagebox-test/promoted/tags/list"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "pusher:s3cret".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tags.body()).contains("\"1\"");
        }
    }

    @Test
    void pushImage_ofAnImageTheEngineLacks_isClearErrorBeforeAnyUpload() {
        PromoteFixture.Run run = promote("built-here", "sagebox-test/never-built:0", "",
                "--push-image", "127.0.0.1:1/sagebox-test/never");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("cannot push 'sagebox-test/never-built:0'").contains("no such image");
        try (S3Client s3 = cloud.s3()) {
            assertThat(s3.listBuckets().buckets()).isEmpty();
        }
    }
}
