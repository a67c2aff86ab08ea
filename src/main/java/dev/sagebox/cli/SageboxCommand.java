package dev.sagebox.cli;

import picocli.CommandLine.Command;

/** The top-level {@code sagebox} command. */
@Command(name = "sagebox", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "SageMaker, offline: one local server that speaks the AWS APIs and really runs the work.",
        subcommands = {UpCommand.class, LogsCommand.class, ImagesCommand.class, DemoCommand.class,
                EndpointsCommand.class, PromoteCommand.class, ImportCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class SageboxCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
