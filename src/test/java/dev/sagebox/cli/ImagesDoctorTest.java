package dev.sagebox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sagebox images doctor} with no Docker engine (an address where none listens): jobs whose images map to
 * the process runtime are ready, others are not, and the exit code says which.
 */
class ImagesDoctorTest {
    private static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.8.1-cpu-py3";

    @TempDir
    Path home;

    private ImagesRun doctor(String... more) {
        String[] args = new String[more.length + 5];
        args[0] = "doctor";
        args[1] = "--data-dir";
        args[2] = home.toString();
        args[3] = "-D";
        args[4] = "sagebox.docker.host=unix://" + home.resolve("no-engine.sock");
        System.arraycopy(more, 0, args, 5, more.length);
        return ImagesRun.of(args);
    }

    private Path request(String image) throws IOException {
        Path file = home.resolve("request.json");
        Files.writeString(file, """
                {"TrainingJobName": "j1", "AlgorithmSpecification": {"TrainingImage": "%s",
                 "TrainingInputMode": "File"}}""".formatted(image));
        return file;
    }

    @Test
    void doctor_imageMappedToAnExistingInterpreter_isReadyWithoutDocker() throws IOException {
        Files.writeString(home.resolve("process-images.json"), """
                {"images": [{"image": "*/pytorch-training:*", "python": "%s"}]}""".formatted(
                ProcessHandle.current().info().command().orElseThrow()));

        ImagesRun run = doctor("--request", request(IMAGE).toString());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("- no Docker engine answers at unix://" + home.resolve("no-engine.sock"))
                .contains("\u2713 image " + IMAGE + " via the process runtime: python ")
                .contains("\u2713 disk space for data dir " + home)
                .endsWith("Ready for offline work.\n");
    }

    @Test
    void doctor_unmappedImageAndNoEngine_isNotReadyAndSaysWhatToRun() throws IOException {
        ImagesRun run = doctor("--request", request(IMAGE).toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("\u2717 no Docker engine answers at")
                .contains("\u2717 image " + IMAGE + " is not in the local cache\n    run \"sagebox images pull "
                        + IMAGE + "\" while online, or map it to a local runtime")
                .endsWith("Not ready: 2 problems.\n");
    }

    @Test
    void doctor_mappedInterpreterMissing_isNotReady() throws IOException {
        Files.writeString(home.resolve("process-images.json"), """
                {"images": [{"image": "*/pytorch-training:*", "python": "%s"}]}""".formatted(
                home.resolve("venv/bin/python")));

        ImagesRun run = doctor("--framework", "pytorch", "--version", "1.8.1", "--scope", "training");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("\u2717 image " + IMAGE + " via the process runtime: python "
                + home.resolve("venv/bin/python") + " not found");
    }

    @Test
    void doctor_processRuntimeOnly_doesNotAskForDockerButStillNeedsTheMapping() throws IOException {
        ImagesRun run = doctor("-D", "sagebox.runtime=process", "--request", request(IMAGE).toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("- Docker not used (sagebox.runtime=process)\n")
                .contains("\u2717 image " + IMAGE + " is not in the local cache")
                .endsWith("Not ready: 1 problem.\n");
    }

    @Test
    void doctor_requestWithoutImages_failsNamingTheFields() throws IOException {
        Path file = home.resolve("empty.json");
        Files.writeString(file, "{\"TrainingJobName\": \"j\"}");

        ImagesRun run = doctor("--request", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("sagebox: no image found in " + file);
    }

    @Test
    void resolve_unknownVersion_exitsOneListingValidVersions() {
        ImagesRun run = ImagesRun.of("resolve", "tensorflow", "--version", "9.9", "--scope", "inference");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("sagebox: unknown tensorflow inference version '9.9'; valid versions: "
                + "2.0.4, 2.1.3,");
    }

    @Test
    void resolve_printsTheUri() {
        ImagesRun run = ImagesRun.of("resolve", "xgboost", "--version", "1.5-1", "--region", "us-west-2");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.5-1\n");
    }
}
