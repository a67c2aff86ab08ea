package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.images.ImageAliases;
import dev.sagebox.images.ImageEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sagebox images alias}: makes a locally built image answer to a cloud image URI in jobs and models. */
@Command(name = "alias", mixinStandardHelpOptions = true,
        description = "Make LOCAL_IMAGE answer to URI (stored in <data-dir>/image-aliases.json; the server reads "
                + "it at start-up, before the sagebox.images key).")
final class ImagesAliasCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOCAL_IMAGE", description = "A local image, e.g. my/pytorch:dev.")
    String localImage;

    @Parameters(index = "1", paramLabel = "URI", description = "The image URI jobs name.")
    String uri;

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
            try {
                engine.ping();
                if (!engine.exists(localImage)) {
                    return ImagesCommand.fail(err, "image " + localImage + " is not in the Docker engine at "
                            + engine.host() + "; build, pull or load it first");
                }
            } catch (IOException e) {
                err.println("sagebox: warning: " + e.getMessage() + "; storing the alias without checking "
                        + localImage);
            }
            ImageAliases aliases = ImageAliases.in(config.home());
            aliases.put(uri, localImage);
            out.println(uri + " -> " + localImage + " (" + aliases.file() + ")");
            out.flush();
            return 0;
        } catch (IOException e) {
            return ImagesCommand.fail(err, e.getMessage());
        }
    }
}
