package dev.sagebox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sagebox import}: brings a cloud training job or model into the local Sagebox. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Copy a cloud training job or model (description and model data) into the local Sagebox.",
        subcommands = {ImportTrainingJobCommand.class, ImportModelCommand.class})
final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
