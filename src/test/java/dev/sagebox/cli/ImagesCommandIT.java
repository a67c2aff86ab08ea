package dev.sagebox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.sagebox.testing.LoopbackRegistry;
import dev.sagebox.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sagebox images} against a real engine: pull with basic auth from a loopback registry, save and load,
 * alias and list, doctor. Images made here carry a random tag and are removed afterwards.
 */
class ImagesCommandIT {
    private static final String USER = "sagebox";
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

    @TempDir
    Path home;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final java.util.List<String> made = new java.util.ArrayList<>();

    @BeforeEach
    void engine() {
        TestImages.assumeAvailable(TestImages.BUSYBOX);
    }

    @AfterEach
    void removeMadeImages() {
        for (String image : made) {
            try {
                TestImages.client().removeImageCmd(image).exec();
            } catch (NotFoundException e) {
                // already gone, as the test wanted
            }
        }
    }

    private String tagged(String repository) {
        String image = repository + ":" + tag;
        TestImages.client().tagImageCmd(TestImages.BUSYBOX, repository, tag).exec();
        made.add(image);
        return image;
    }

    private void push(LoopbackRegistry registry, String image) throws InterruptedException {
        DockerClient client = TestImages.client();
        int colon = image.lastIndexOf(':');
        client.pushImageCmd(image.substring(0, colon)).withTag(image.substring(colon + 1))
                .withAuthConfig(new AuthConfig().withUsername(USER).withPassword(PASSWORD)
                        .withRegistryAddress(registry.address()))
                .exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion();
        client.removeImageCmd(image).exec();  // so that the pull really goes to the registry
    }

    @Test
    void pull_withTheRightPassword_fetchesTheImageWithLayerProgress() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(Files.createDirectories(home.resolve("reg")),
                USER, PASSWORD)) {
            // A layer of its own, so the pull really transfers one instead of finding everything local.
            String unique = TestImages.derived("pulled", TestImages.BUSYBOX,
                    Map.of("/marker", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
            String image = registry.address() + "/sagebox-test/pulled:" + tag;
            TestImages.client().tagImageCmd(unique, registry.address() + "/sagebox-test/pulled", tag).exec();
            made.add(image);
            push(registry, image);
            TestImages.client().removeImageCmd(unique).exec();

            ImagesRun run = ImagesRun.withStdin(PASSWORD + "\n", "pull", "--username", USER, "--password-stdin",
                    "--data-dir", home.toString(), image);

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(run.stdout()).contains("Pulling " + image + " as " + USER).contains("Pulled " + image);
            // Byte totals come only with layers big enough for the engine to report progress on; the layer
            // count is always there.
            assertThat(run.stderr()).containsPattern("2/2 layers");
            assertThat(TestImages.exists(image)).isTrue();
        }
    }

    @Test
    void pull_withAWrongPassword_failsClearlyAndPullsNothing() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(Files.createDirectories(home.resolve("reg")),
                USER, PASSWORD)) {
            String image = tagged(registry.address() + "/sagebox-test/denied");
            push(registry, image);

            ImagesRun run = ImagesRun.withStdin("wrong\n", "pull", "--username", USER, "--password-stdin",
                    "--data-dir", home.toString(), image);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).startsWith("sagebox: cannot pull " + image + ": ")
                    .contains("unauthorized").endsWith("(check --username and the password)\n");
            assertThat(TestImages.exists(image)).isFalse();
        }
    }

    @Test
    void pull_withoutLoginFromARegistryThatNeedsOne_suggestsTheLoginOptions() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(Files.createDirectories(home.resolve("reg")),
                USER, PASSWORD)) {
            String image = registry.address() + "/sagebox-test/anonymous:" + tag;

            ImagesRun run = ImagesRun.of("pull", "--data-dir", home.toString(), image);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).startsWith("sagebox: cannot pull " + image + ": ")
                    .endsWith("(if the registry needs a login, pass --username and --password-stdin)\n");
        }
    }

    @Test
    void pull_ecrUriWithAProfileThatHasNoCredentials_failsBeforeAnyNetworkCall() {
        String image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.8.1-cpu-py3";

        ImagesRun run = ImagesRun.of("pull", "--data-dir", home.toString(), "--profile",
                "sagebox-test-no-such-profile", image);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("sagebox: cannot get an ECR login for 763104351884 in us-east-1 with "
                + "your AWS credentials (profile sagebox-test-no-such-profile): ");
    }

    @Test
    void saveThenLoad_bringsTheImageBack() throws IOException {
        String image = tagged("sagebox-test/roundtrip");
        Path tar = home.resolve("images.tar");

        ImagesRun save = ImagesRun.of("save", "--data-dir", home.toString(), "-o", tar.toString(), image);
        assertThat(save.exitCode()).as(save.stderr()).isZero();
        assertThat(tar).isNotEmptyFile();
        assertThat(save.stderr()).contains("100%");
        TestImages.client().removeImageCmd(image).exec();
        assertThat(TestImages.exists(image)).isFalse();

        ImagesRun load = ImagesRun.of("load", "--data-dir", home.toString(), tar.toString());

        assertThat(load.exitCode()).as(load.stderr()).isZero();
        assertThat(load.stdout()).contains("Loaded image: " + image);
        assertThat(TestImages.exists(image)).isTrue();
    }

    @Test
    void save_imageNotLocal_failsSayingToPullFirst() {
        ImagesRun run = ImagesRun.of("save", "--data-dir", home.toString(), "-o", home.resolve("x.tar").toString(),
                "sagebox-test/absent:" + tag);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("sagebox: image sagebox-test/absent:" + tag + " is not in the local "
                + "cache; run \"sagebox images pull sagebox-test/absent:" + tag + "\" first\n");
        assertThat(home.resolve("x.tar")).doesNotExist();
    }

    @Test
    void alias_thenList_showsTheCloudUriForTheLocalImage_andDoctorFindsIt() throws IOException {
        String uri = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:" + tag + "-cpu-py38";

        ImagesRun alias = ImagesRun.of("alias", "--data-dir", home.toString(), TestImages.BUSYBOX, uri);
        ImagesRun list = ImagesRun.of("list", "--data-dir", home.toString());

        assertThat(alias.exitCode()).as(alias.stderr()).isZero();
        assertThat(Files.readString(home.resolve("image-aliases.json"))).contains(uri).contains(TestImages.BUSYBOX);
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout().lines().filter(l -> l.startsWith(TestImages.BUSYBOX + " ")).findFirst())
                .hasValueSatisfying(line -> assertThat(line)
                        .contains("<account>.dkr.ecr.<region>.amazonaws.com/" + TestImages.BUSYBOX)
                        .contains(uri));
        Files.writeString(home.resolve("request.json"), "{\"PrimaryContainer\": {\"Image\": \"" + uri + "\"}}");
        ImagesRun doctor = ImagesRun.of("doctor", "--data-dir", home.toString(), "--request",
                home.resolve("request.json").toString());
        assertThat(doctor.exitCode()).as(doctor.stdout()).isZero();
        assertThat(doctor.stdout()).contains("\u2713 Docker engine ")
                .contains("\u2713 image " + uri + " as " + TestImages.BUSYBOX + " (Docker)")
                .endsWith("Ready for offline work.\n");
    }

    @Test
    void alias_localImageMissing_isRefused() {
        ImagesRun run = ImagesRun.of("alias", "--data-dir", home.toString(), "sagebox-test/absent:" + tag,
                "acme/algo:1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("sagebox: image sagebox-test/absent:" + tag + " is not in the Docker "
                + "engine at ");
        assertThat(home.resolve("image-aliases.json")).doesNotExist();
    }

    @Test
    void doctor_ecrUriWhoseRepoAndTagIsLocal_isReady_missingOne_isNot() throws IOException {
        String present = "683313688378.dkr.ecr.us-east-1.amazonaws.com/" + TestImages.BUSYBOX;
        String absent = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagebox-test/absent:" + tag;
        Path ready = home.resolve("ready.json");
        Path notReady = home.resolve("not-ready.json");
        Files.writeString(ready, "{\"AlgorithmSpecification\": {\"TrainingImage\": \"" + present + "\"}}");
        Files.writeString(notReady, "[{\"AlgorithmSpecification\": {\"TrainingImage\": \"" + present + "\"}},"
                + " {\"AppSpecification\": {\"ImageUri\": \"" + absent + "\"}}]");

        ImagesRun yes = ImagesRun.of("doctor", "--data-dir", home.toString(), "--request", ready.toString());
        ImagesRun no = ImagesRun.of("doctor", "--data-dir", home.toString(), "--request", notReady.toString());

        assertThat(yes.exitCode()).as(yes.stdout()).isZero();
        assertThat(yes.stdout()).contains("\u2713 image " + present + " as " + TestImages.BUSYBOX + " (Docker)");
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.stdout()).contains("\u2717 image " + absent + " is not in the local cache")
                .endsWith("Not ready: 1 problem.\n");
    }
}
