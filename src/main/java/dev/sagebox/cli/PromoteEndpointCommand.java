package dev.sagebox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sagebox promote endpoint NAME --role ARN}: the endpoint, its config and models on the target. */
@Command(name = "endpoint", mixinStandardHelpOptions = true,
        description = "Re-create a local endpoint (models, endpoint config, endpoint) on the target SageMaker.")
final class PromoteEndpointCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The local endpoint.")
    String endpoint;

    @Mixin
    CloudOptions cloud;

    @Mixin
    PromoteFlags flags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("sagebox: promote endpoint is not wired yet");
        return 1;
    }
}
