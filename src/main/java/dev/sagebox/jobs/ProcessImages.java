package dev.sagebox.jobs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The process image mapping: a JSON file ({@code sagebox.process.images}, default
 * {@code <data dir>/process-images.json}) read at each job launch, so edits apply to the next job:
 * <pre>{"images": [{"image": "*&#47;my-algo:*", "directory": "/home/me/my-algo"},
 *             {"image": "*&#47;pytorch-training:*", "python": "/home/me/venv/bin/python"}]}</pre>
 * The first entry whose pattern matches wins.
 */
public final class ProcessImages {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record File(List<ProcessImage> images) {
    }

    private final Path file;

    public ProcessImages(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * The mapping for {@code image}, if any.
     *
     * @throws IOException when the file exists but cannot be read as a mapping (the message names the file)
     */
    public Optional<ProcessImage> find(String image) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        File parsed;
        try {
            parsed = JSON.readValue(file.toFile(), File.class);
        } catch (IOException e) {
            throw new IOException("the process image mapping " + file + " is not valid: " + e.getMessage(), e);
        }
        if (parsed == null || parsed.images() == null) {
            return Optional.empty();
        }
        return parsed.images().stream().filter(m -> m.image() != null && m.matches(image)).findFirst();
    }
}
