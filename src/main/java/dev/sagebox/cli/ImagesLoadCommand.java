package dev.sagebox.cli;

import dev.sagebox.images.ImageEngine;
import dev.sagebox.images.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sagebox images load}: loads a tar written by {@code images save} (or {@code docker save}). */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load images from a tar file written by images save or docker save (no network).")
final class ImagesLoadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The tar file.")
    Path file;

    @Mixin
    ImagesOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            return ImagesCommand.fail(err, "no such file: " + file);
        }
        try (ImageEngine engine = options.engine(options.config())) {
            engine.ping();
            out.println("Loading " + file);
            out.flush();
            List<String> loaded = engine.load(file, new ProgressBar(err, "  ", ImagesCommand.isTerminal()));
            loaded.forEach(out::println);
            out.flush();
            return 0;
        } catch (IOException e) {
            return ImagesCommand.fail(err, e.getMessage());
        }
    }
}
