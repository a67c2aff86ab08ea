package dev.sagebox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sagebox import training-job NAME}: a Completed cloud job and its model.tar.gz, into the local Sagebox. */
@Command(name = "training-job", mixinStandardHelpOptions = true,
        description = "Copy a Completed cloud training job (description and model artifacts) into the local Sagebox.")
final class ImportTrainingJobCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The cloud training job.")
    String job;

    @Mixin
    CloudOptions cloud;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ImportRun.run(spec, cloud, (importer, out) -> out.println("Imported training job " + job + " as "
                + importer.trainingJob(job)));
    }
}
