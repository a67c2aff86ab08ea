package dev.sagebox.training.run;

import dev.sagebox.scriptmode.ScriptModeProgram;
import java.nio.file.Path;

/**
 * What every host of a script-mode job shares (CONTRACTS §5): the installed program, the venv cache and the stored
 * file of an {@code s3://} {@code sagemaker_submit_directory}, extracted by the program without an HTTP round trip.
 *
 * @param submitTarball the stored object file, or null when the code is not in S3
 */
record ScriptModeSetup(ScriptModeProgram program, Path venvCache, Path submitTarball) {
}
