package dev.sagebox.training.run;

import dev.sagebox.jobs.OptMl;
import dev.sagebox.jobs.ProcessImage;
import dev.sagebox.scriptmode.ScriptModeHyperparameters;
import dev.sagebox.training.AlgorithmSpecification;
import dev.sagebox.training.CreateTrainingJobRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the process runtime runs for a training job (CONTRACTS §4.4): {@code ContainerEntrypoint} plus arguments when
 * set; otherwise the mapped BYO directory's {@code train}, found on PATH as the image's CMD {@code train} would be.
 *
 * @param mapping     the image's process mapping
 * @param command     argv with {@code /opt/ml} not yet rewritten; empty in script mode
 * @param binDir      a directory to put first on PATH, or null
 * @param workDir     where the process starts, or null for the host's {@code /opt/ml}
 * @param interpreter the Python that runs script mode (§5), or null when this is not script mode
 */
record TrainingCommand(ProcessImage mapping, List<String> command, Path binDir, Path workDir, String interpreter) {

    boolean isScriptMode() {
        return interpreter != null;
    }

    /**
     * @param defaultPython {@code sagebox.process.python}, for script-mode mappings that name no interpreter
     */
    static TrainingCommand resolve(CreateTrainingJobRequest spec, ProcessImage mapping, String defaultPython)
            throws ClientError {
        AlgorithmSpecification algorithm = spec.algorithmSpecification();
        String image = algorithm.trainingImage();
        Path dir = mapping.directory() == null ? null : Path.of(mapping.directory());
        List<String> arguments = algorithm.containerArguments() == null ? List.of()
                : algorithm.containerArguments();
        if (algorithm.containerEntrypoint() != null) {
            List<String> command = new ArrayList<>(algorithm.containerEntrypoint());
            command.addAll(arguments);
            return new TrainingCommand(mapping, command, dir, dir, null);
        }
        if (mapping.isScriptMode() && ScriptModeHyperparameters.isScriptMode(spec.environment(),
                spec.hyperParameters())) {
            String python = mapping.python() != null ? mapping.python() : defaultPython;
            return new TrainingCommand(mapping, List.of(), null, null, python);
        }
        if (dir == null) {
            throw new ClientError("Image " + image + " is mapped for script mode, but neither SAGEMAKER_PROGRAM nor"
                    + " the sagemaker_program hyperparameter is set, and the mapping names no directory with a "
                    + "train executable");
        }
        if (!arguments.isEmpty()) {
            return new TrainingCommand(mapping, arguments, dir, dir, null);
        }
        Path train = dir.resolve("train");
        if (!Files.isRegularFile(train) || !Files.isExecutable(train)) {
            throw new ClientError("Image " + image + " is mapped to " + dir + ", which has no executable train");
        }
        return new TrainingCommand(mapping, List.of(train.toString()), dir, dir, null);
    }

    /** The argv for one host, with {@code /opt/ml} rewritten to its real tree. */
    List<String> argv(OptMl layout) {
        return command.stream().map(layout::rewrite).toList();
    }
}
