package dev.sagebox.training.run;

import dev.sagebox.jobs.JobEnvironment;
import dev.sagebox.jobs.OptMl;
import dev.sagebox.training.TrainingJob;
import java.nio.file.Path;
import java.util.Map;

/**
 * A training workload's complete environment (CONTRACTS §4.2): {@link JobEnvironment}'s with {@code TRAINING_JOB_*},
 * then the user's {@code Environment}, whose {@code /opt/ml} paths a host process sees rewritten.
 */
final class TrainingEnvironment {
    private TrainingEnvironment() {
    }

    static Map<String, String> of(TrainingJob job, String baseUrl, OptMl layout, Path binDir, Path hostDir) {
        Map<String, String> env = platform(job, baseUrl).forHostProcess(layout, binDir, hostDir);
        if (job.spec().environment() != null) {
            job.spec().environment().forEach((name, value) -> env.put(name, layout.rewrite(value)));
        }
        return env;
    }

    /**
     * A container's environment: exactly the platform variables and the user's {@code Environment}. The image keeps
     * its own ENV (PATH and the like), and no {@code SM_*} variables are set: the toolkit in the image derives them.
     */
    static Map<String, String> container(TrainingJob job, String baseUrl) {
        Map<String, String> env = platform(job, baseUrl).forContainer();
        if (job.spec().environment() != null) {
            env.putAll(job.spec().environment());
        }
        return env;
    }

    private static JobEnvironment platform(TrainingJob job, String baseUrl) {
        return new JobEnvironment("TRAINING_JOB", job.name(), job.arn(), job.region(), baseUrl,
                Boolean.TRUE.equals(job.spec().enableNetworkIsolation()));
    }
}
