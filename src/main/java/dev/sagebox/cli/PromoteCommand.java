package dev.sagebox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sagebox promote}: re-creates local work on a target SageMaker. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Re-create a local training job or endpoint on SageMaker (or any AWS-compatible endpoint).",
        subcommands = {PromoteTrainingJobCommand.class, PromoteEndpointCommand.class})
final class PromoteCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
