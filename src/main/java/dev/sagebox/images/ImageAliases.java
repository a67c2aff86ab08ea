package dev.sagebox.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sagebox.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alias file {@code <data dir>/image-aliases.json}, written by {@code sagebox images alias}:
 * <pre>{"aliases": {"763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.8.1-cpu-py36": "my/pt:dev"}}</pre>
 * The server reads it with the {@code sagebox.images} key's entries after it, so an exact alias made here wins over
 * a glob in the configuration.
 */
public final class ImageAliases {
    public static final String FILE_NAME = "image-aliases.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private record Content(Map<String, String> aliases) {
    }

    private final Path file;

    public ImageAliases(Path file) {
        this.file = file;
    }

    public static ImageAliases in(Path dataDir) {
        return new ImageAliases(dataDir.resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    /** The aliases in file order; empty when the file does not exist. */
    public Map<String, String> read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return new LinkedHashMap<>();
        }
        try {
            Content content = JSON.readValue(file.toFile(), Content.class);
            return content == null || content.aliases() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(content.aliases());
        } catch (IOException e) {
            throw new IOException("the image alias file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    /** Makes {@code uri} answer with {@code localImage}, replacing an earlier alias for the same URI. */
    public void put(String uri, String localImage) throws IOException {
        Map<String, String> aliases = read();
        aliases.put(uri, localImage);
        write(aliases);
    }

    /** The file's aliases first, then {@code configured} ({@code sagebox.images}) for URIs the file does not name. */
    public Map<String, String> mergedWith(Map<String, String> configured) throws IOException {
        Map<String, String> merged = read();
        configured.forEach(merged::putIfAbsent);
        return merged;
    }

    /**
     * Parses the {@code sagebox.images} key: comma-separated {@code <image>=<local image>} pairs, the format the
     * Docker runtime reads.
     *
     * @throws IllegalArgumentException naming the key when an entry has no {@code =}
     */
    public static Map<String, String> parseConfigured(String value) {
        Map<String, String> aliases = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return aliases;
        }
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("sagebox.images entries are <image>=<local image>, not '"
                        + entry.trim() + "'");
            }
            aliases.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return aliases;
    }

    private void write(Map<String, String> aliases) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(new Content(aliases)));
    }
}
