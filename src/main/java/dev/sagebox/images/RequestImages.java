package dev.sagebox.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The images that requests in a JSON file will need: CreateTrainingJob's {@code AlgorithmSpecification.TrainingImage},
 * CreateModel's {@code PrimaryContainer.Image} and {@code Containers[].Image}, CreateProcessingJob's
 * {@code AppSpecification.ImageUri}. The file holds one request or an array of them.
 */
public final class RequestImages {
    private RequestImages() {
    }

    public static Set<String> in(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read request file " + file + ": " + e.getMessage(), e);
        }
        Set<String> images = new LinkedHashSet<>();
        if (root != null && root.isArray()) {
            root.forEach(request -> collect(request, images));
        } else if (root != null) {
            collect(root, images);
        }
        return images;
    }

    private static void collect(JsonNode request, Set<String> images) {
        add(images, request.path("AlgorithmSpecification").path("TrainingImage"));
        add(images, request.path("PrimaryContainer").path("Image"));
        request.path("Containers").forEach(container -> add(images, container.path("Image")));
        add(images, request.path("AppSpecification").path("ImageUri"));
    }

    private static void add(Set<String> images, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            images.add(value.asText().strip());
        }
    }
}
