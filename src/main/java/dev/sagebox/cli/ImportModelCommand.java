package dev.sagebox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sagebox import model NAME}: a cloud model and its model data, into the local Sagebox. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Copy a cloud model (description and model data) into the local Sagebox.")
final class ImportModelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The cloud model.")
    String model;

    @Mixin
    CloudOptions cloud;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ImportRun.run(spec, cloud, (importer, out) -> out.println("Imported model " + model + " as "
                + importer.model(model)));
    }
}
