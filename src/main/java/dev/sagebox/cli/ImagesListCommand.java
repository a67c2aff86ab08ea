package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.images.ImageEngine;
import dev.sagebox.images.ImageNames;
import dev.sagebox.images.LocalImage;
import dev.sagebox.images.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sagebox images list}: the local images and the SageMaker image URIs each one answers to. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List local images and the image URIs each answers to (ECR rule and aliases).")
final class ImagesListCommand implements Callable<Integer> {
    static final String ANY_ECR = "<account>.dkr.ecr.<region>.amazonaws.com/";

    @Mixin
    ImagesOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SageboxConfig config = options.config();
        try (ImageEngine engine = options.engine(config)) {
            engine.ping();
            Map<String, String> aliases = options.aliases(config);
            List<String[]> rows = new ArrayList<>();
            for (LocalImage image : engine.list()) {
                for (String name : image.names()) {
                    rows.add(new String[] {name, ProgressBar.bytes(image.size()),
                            String.join(", ", answersTo(name, aliases))});
                }
            }
            rows.sort(Comparator.comparing(row -> row[0]));
            int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(5);
            out.printf("%-" + width + "s  %10s  %s%n", "IMAGE", "SIZE", "ANSWERS TO");
            for (String[] row : rows) {
                out.printf("%-" + width + "s  %10s  %s%n", row[0], row[1], row[2]);
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            return ImagesCommand.fail(err, e.getMessage());
        }
    }

    /** The URIs a job may name to run {@code name}: itself, any ECR URI with its repo:tag, and its aliases. */
    static List<String> answersTo(String name, Map<String, String> aliases) {
        List<String> uris = new ArrayList<>();
        uris.add(name);
        if (ImageNames.ecr(name).isEmpty()) {
            uris.add(ANY_ECR + name);
        }
        aliases.forEach((uri, local) -> {
            if (ImageNames.withTag(local).equals(ImageNames.withTag(name)) && !uris.contains(uri)) {
                uris.add(uri);
            }
        });
        return uris;
    }
}
