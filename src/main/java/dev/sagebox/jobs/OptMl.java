package dev.sagebox.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One host's {@code /opt/ml} tree on disk, {@code <data>/jobs/<job>/<host>/opt/ml}. Without a container or bwrap the
 * workload sees these real paths, so {@link #rewrite} maps {@code /opt/ml/...} in environment values and arguments.
 */
public record OptMl(Path root) {
    public static final String CONTAINER_ROOT = "/opt/ml";

    /** Creates the tree with its empty, writable directories (CONTRACTS §4.1). */
    public static OptMl create(Path hostDir) throws IOException {
        OptMl layout = new OptMl(hostDir.resolve("opt").resolve("ml"));
        for (Path dir : List.of(layout.config(), layout.data(), layout.model(), layout.outputData(),
                layout.root().resolve("output").resolve("intermediate"), layout.checkpoints(), layout.code())) {
            Files.createDirectories(dir);
        }
        return layout;
    }

    public Path config() {
        return root.resolve("input").resolve("config");
    }

    public Path data() {
        return root.resolve("input").resolve("data");
    }

    public Path channel(String name) {
        return data().resolve(name);
    }

    public Path model() {
        return root.resolve("model");
    }

    public Path output() {
        return root.resolve("output");
    }

    public Path outputData() {
        return output().resolve("data");
    }

    public Path failure() {
        return output().resolve("failure");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path code() {
        return root.resolve("code");
    }

    /** Replaces every {@code /opt/ml} path prefix in {@code value} with this tree's real path. */
    public String rewrite(String value) {
        if (value == null || !value.contains(CONTAINER_ROOT)) {
            return value;
        }
        return value.replaceAll("(?<![\\w.-])" + CONTAINER_ROOT + "(?=/|$|[^\\w.-])",
                java.util.regex.Matcher.quoteReplacement(root.toString()));
    }
}
