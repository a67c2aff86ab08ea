package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code file://} directories an endpoint serves from (model data and {@code SAGEMAKER_SUBMIT_DIRECTORY}), and a
 * fingerprint of their files (paths, sizes, modification times) that {@code reload --watch} compares.
 */
final class WatchedDirectories {
    private static final int MAX_FILES = 10_000;

    private final List<Path> dirs;
    private String fingerprint;

    WatchedDirectories(List<Path> dirs) throws IOException {
        this.dirs = dirs;
        this.fingerprint = fingerprint();
    }

    /** The directories named by the models of the endpoint's config, as DescribeModel reports them. */
    static List<Path> of(LogsApi api, String endpoint) throws IOException, InterruptedException, LogsApi.ApiException {
        JsonNode described = api.sageMaker("DescribeEndpoint", Map.of("EndpointName", endpoint));
        JsonNode config = api.sageMaker("DescribeEndpointConfig",
                Map.of("EndpointConfigName", described.path("EndpointConfigName").asText()));
        List<Path> dirs = new ArrayList<>();
        for (JsonNode variant : config.path("ProductionVariants")) {
            JsonNode model = api.sageMaker("DescribeModel", Map.of("ModelName", variant.path("ModelName").asText()));
            List<JsonNode> containers = new ArrayList<>();
            if (model.has("PrimaryContainer")) {
                containers.add(model.get("PrimaryContainer"));
            }
            model.path("Containers").forEach(containers::add);
            for (JsonNode container : containers) {
                addDirectory(dirs, container.path("ModelDataUrl").asText(""));
                addDirectory(dirs, container.path("Environment").path("SAGEMAKER_SUBMIT_DIRECTORY").asText(""));
            }
        }
        return dirs;
    }

    private static void addDirectory(List<Path> dirs, String uri) {
        if (uri.startsWith("file://")) {
            Path path = Path.of(uri.substring("file://".length()));
            if (Files.isDirectory(path) && !dirs.contains(path)) {
                dirs.add(path);
            }
        }
    }

    /** Whether any file was added, removed or rewritten since the last call (or construction). */
    boolean changed() throws IOException {
        String now = fingerprint();
        boolean changed = !now.equals(fingerprint);
        fingerprint = now;
        return changed;
    }

    private String fingerprint() throws IOException {
        StringBuilder print = new StringBuilder();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.limit(MAX_FILES).sorted().forEach(file -> {
                    try {
                        print.append(file).append(' ').append(Files.size(file)).append(' ')
                                .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                // A file removed between the walk and its stat is a change the next pass will see.
                return print.append("unstable").toString();
            }
        }
        return print.toString();
    }
}
