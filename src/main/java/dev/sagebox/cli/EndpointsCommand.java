package dev.sagebox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sagebox endpoints}: operations on a running server's endpoints that AWS has no API for. */
@Command(name = "endpoints", mixinStandardHelpOptions = true, description = "Work with a running server's endpoints.",
        subcommands = EndpointsReloadCommand.class)
final class EndpointsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
