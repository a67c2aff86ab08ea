package dev.sagebox.scriptmode;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One host of a script-mode job, with every path as the process will see it ({@code /opt/ml} under bubblewrap,
 * {@code <data>/jobs/<job>/algo-1/opt/ml} without it).
 *
 * @param interpreter   the Python that runs the program and the user's code (a path, or a name on PATH)
 * @param optMl         the host's {@code /opt/ml} tree, already holding {@code input/config/*.json}
 * @param venvCache     where virtual environments for {@code requirements.txt} are cached, shared across jobs
 * @param submitTarball the stored object file behind an {@code s3://} {@code sagemaker_submit_directory}, or null
 * @param numGpus       GPUs given to this host, exported as {@code SM_NUM_GPUS}
 * @param resultFile    where the program writes its JSON summary ({@link ScriptModeResult}), or null
 */
public record ScriptModeHost(String interpreter, Path optMl, Path venvCache, Path submitTarball, int numGpus,
                             Path resultFile) {
    public ScriptModeHost {
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(optMl, "optMl");
        Objects.requireNonNull(venvCache, "venvCache");
        if (numGpus < 0) {
            throw new IllegalArgumentException("numGpus must not be negative: " + numGpus);
        }
    }

    /** A host with no GPUs, no submit tarball and no result file. */
    public static ScriptModeHost of(String interpreter, Path optMl, Path venvCache) {
        return new ScriptModeHost(interpreter, optMl, venvCache, null, 0, null);
    }

    public ScriptModeHost withSubmitTarball(Path tarball) {
        return new ScriptModeHost(interpreter, optMl, venvCache, tarball, numGpus, resultFile);
    }

    public ScriptModeHost withGpus(int gpus) {
        return new ScriptModeHost(interpreter, optMl, venvCache, submitTarball, gpus, resultFile);
    }

    public ScriptModeHost withResultFile(Path file) {
        return new ScriptModeHost(interpreter, optMl, venvCache, submitTarball, numGpus, file);
    }

    public Optional<Path> submitTarballFile() {
        return Optional.ofNullable(submitTarball);
    }

    public Optional<Path> resultFileIfAny() {
        return Optional.ofNullable(resultFile);
    }
}
