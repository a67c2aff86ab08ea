package dev.sagebox.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sagebox images}: the offline image cache (resolve, pull, save, load, list, alias, doctor). */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = "Prepare images for offline work: pull while online, carry them over, check readiness.",
        subcommands = {ImagesResolveCommand.class, ImagesPullCommand.class, ImagesSaveCommand.class,
                ImagesLoadCommand.class, ImagesListCommand.class, ImagesAliasCommand.class,
                ImagesDoctorCommand.class})
final class ImagesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Progress bars go to stderr, redrawn in place only on a terminal. */
    static boolean isTerminal() {
        return System.console() != null;
    }

    static int fail(PrintWriter err, String message) {
        err.println("sagebox: " + message);
        err.flush();
        return 1;
    }
}
