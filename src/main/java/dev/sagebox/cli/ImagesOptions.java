package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.images.ImageAliases;
import dev.sagebox.images.ImageEngine;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every {@code sagebox images} command shares: where the data dir is and how to reach the engine. */
final class ImagesOptions {
    @Option(names = "--data-dir", description = "Sagebox's data dir (env SAGEBOX_HOME; default ~/.sagebox).")
    String dataDir;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any configuration key, e.g. -D sagebox.docker.host=unix:///run/docker.sock")
    Map<String, String> settings = new HashMap<>();

    SageboxConfig config() {
        Map<String, String> overrides = new HashMap<>(settings);
        if (dataDir != null) {
            overrides.put(SageboxConfig.HOME, dataDir);
        }
        return SageboxConfig.load(System.getenv(), overrides);
    }

    ImageEngine engine(SageboxConfig config) {
        return ImageEngine.connect(config.get(SageboxConfig.DOCKER_HOST));
    }

    /** The alias file's entries, then {@code sagebox.images}: the order the server applies them in. */
    Map<String, String> aliases(SageboxConfig config) throws IOException {
        return ImageAliases.in(config.home()).mergedWith(
                ImageAliases.parseConfigured(config.get(SageboxConfig.IMAGES)));
    }
}
