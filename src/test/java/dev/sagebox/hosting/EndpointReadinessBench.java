package dev.sagebox.hosting;

import dev.sagebox.bench.Figure;
import dev.sagebox.bench.Section;
import dev.sagebox.testing.TestImages;
import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * A measurement, not a test: CreateEndpoint to InService (as seen by DescribeEndpoint polled every 2 ms) for a Docker
 * image whose {@code serve} answers {@code /ping} at once, next to a bare {@code docker run} of the same image until
 * its first {@code /ping} 200, in the same run. Run with {@code ./sagebox bench endpoint [runs]}; writes
 * {@code bench/results/endpoint-readiness.md}. Goal: under 0.3 s.
 */
public final class EndpointReadinessBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private EndpointReadinessBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        TestImages.assumeAvailable(TestImages.PYTHON);
        String image = DockerHostingIT.serveImage();
        List<List<Long>> measured = measure(runs, image);
        String report = report(runs, image, measured.get(0), measured.get(1));
        System.out.print(report);
        Path results = Path.of("bench/results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("endpoint-readiness.md"), report);
    }

    /** Endpoint readiness as a section of the full report ({@code ./sagebox bench}). */
    public static Section section(int runs) throws Exception {
        TestImages.assumeAvailable(TestImages.PYTHON);
        String image = DockerHostingIT.serveImage();
        List<List<Long>> measured = measure(runs, image);
        String docker = "`docker run` -> first /ping 200";
        return new Section.Builder("Endpoint readiness (Docker)")
                .note("CreateEndpoint to InService (DescribeEndpoint polled every 2 ms) for image " + image
                        + ", whose `serve` answers /ping at once, against `docker run -d` of the same image with "
                        + "the same port and mount until its first /ping 200, paired, one warm-up. Goal: under "
                        + "300 ms.")
                .add(Figure.baseline(docker, "ms", 1, millis(measured.get(1))))
                .add(Figure.against(docker, "CreateEndpoint -> InService", "ms", 1, millis(measured.get(0))))
                .build();
    }

    private static List<Double> millis(List<Long> nanos) {
        return nanos.stream().map(n -> n / 1e6).toList();
    }

    /** Nanoseconds to InService through Sagebox, then to the first /ping of a bare docker run, per run. */
    private static List<List<Long>> measure(int runs, String image) throws Exception {
        List<Long> sagebox = new ArrayList<>();
        List<Long> docker = new ArrayList<>();
        try (TestServer server = TestServer.start(Map.of("sagebox.runtime", "docker"));
             SageMakerClient sm = server.sageMaker()) {
            Path model = Files.createDirectories(server.home().resolve("bench-model"));
            Files.writeString(model.resolve("factor"), "2");
            for (int i = -1; i < runs; i++) {
                long viaSagebox = viaSagebox(sm, image, model, "ready-" + (i + 1));
                long viaDocker = viaDockerRun(image, model);
                if (i >= 0) {
                    sagebox.add(viaSagebox);
                    docker.add(viaDocker);
                }
            }
            server.delete();
        }
        return List.of(sagebox, docker);
    }

    private static long viaSagebox(SageMakerClient sm, String image, Path model, String name) throws Exception {
        sm.createModel(b -> b.modelName(name).executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .primaryContainer(ContainerDefinition.builder().image(image).modelDataUrl("file://" + model).build()));
        HostingFixture.createConfig(sm, name, HostingFixture.variant("AllTraffic", name, 1, 1f));
        long start = System.nanoTime();
        sm.createEndpoint(b -> b.endpointName(name).endpointConfigName(name));
        while (true) {
            EndpointStatus status = sm.describeEndpoint(b -> b.endpointName(name)).endpointStatus();
            if (status == EndpointStatus.IN_SERVICE) {
                break;
            }
            if (status == EndpointStatus.FAILED) {
                throw new IllegalStateException("endpoint " + name + " failed");
            }
            Thread.sleep(2);
        }
        long elapsed = System.nanoTime() - start;
        sm.deleteEndpoint(b -> b.endpointName(name));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                sm.describeEndpoint(b -> b.endpointName(name));
                Thread.sleep(5);
            } catch (SageMakerException gone) {
                break;
            }
        }
        return elapsed;
    }

    /** {@code docker run -d} with the same port, mount and command, until the first {@code /ping} 200. */
    private static long viaDockerRun(String image, Path model) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String name = "sagebox-bench-ready-" + port;
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                .timeout(Duration.ofSeconds(1)).build();
        long start = System.nanoTime();
        Process run = new ProcessBuilder("docker", "run", "-d", "--name", name, "--network", "host", "-e",
                "SAGEMAKER_BIND_TO_PORT=" + port, "-v", model + ":/opt/ml/model:ro", image, "serve")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            while (true) {
                try {
                    if (HTTP.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return System.nanoTime() - start;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("docker run of " + image + " never answered /ping");
                }
                Thread.sleep(2);
            }
        } finally {
            run.waitFor();
            new ProcessBuilder("docker", "rm", "-f", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    private static String report(int runs, String image, List<Long> sagebox, List<Long> docker) throws IOException {
        StringBuilder out = new StringBuilder("# Endpoint readiness (Docker)\n\n```\n");
        out.append(String.format("%s, %d runs after one warm-up, image %s, load average %s%n", Instant.now(), runs,
                image, Files.readString(Path.of("/proc/loadavg")).trim()));
        out.append(String.format("%-44s %8s %8s %8s%n", "", "p50 ms", "min ms", "max ms"));
        line(out, "CreateEndpoint -> InService (Sagebox)", sagebox);
        line(out, "docker run -> first /ping 200", docker);
        long[] added = new long[sagebox.size()];
        for (int i = 0; i < added.length; i++) {
            added[i] = sagebox.get(i) - docker.get(i);
        }
        line(out, "added by Sagebox (paired)", Arrays.stream(added).boxed().toList());
        out.append("goal: CreateEndpoint -> InService under 300 ms\n```\n");
        return out.toString();
    }

    private static void line(StringBuilder out, String label, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        out.append(String.format("%-44s %8.1f %8.1f %8.1f%n", label, sorted[sorted.length / 2] / 1e6,
                sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6));
    }
}
