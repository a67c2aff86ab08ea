package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.images.ImageEngine;
import dev.sagebox.images.ImageNames;
import dev.sagebox.images.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sagebox images save}: writes images to one tar to carry to a machine that has never been online. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = "Save images to a tar file (docker save format) for an offline machine.")
final class ImagesSaveCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The tar file to write.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "URI",
            description = "Image URIs or local names; each is saved under the local name it resolves to.")
    List<String> uris;

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
            List<String> names = new ArrayList<>();
            for (String uri : uris) {
                String local = null;
                for (String candidate : ImageNames.candidates(uri, aliases)) {
                    if (engine.exists(candidate)) {
                        local = candidate;
                        break;
                    }
                }
                if (local == null) {
                    return ImagesCommand.fail(err, "image " + uri + " is not in the local cache; run \"sagebox "
                            + "images pull " + uri + "\" first");
                }
                names.add(local);
            }
            out.println("Saving " + String.join(", ", names) + " to " + output);
            out.flush();
            engine.save(names, output, new ProgressBar(err, "  ", ImagesCommand.isTerminal()));
            out.println("Saved " + names.size() + " image(s) to " + output + "; on the offline machine run: "
                    + "sagebox images load " + output.getFileName());
            out.flush();
            return 0;
        } catch (IOException e) {
            return ImagesCommand.fail(err, e.getMessage());
        }
    }
}
