package dev.sagebox.training.run;

import dev.sagebox.jobs.OptMl;
import dev.sagebox.training.TrainingJob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training workload's complete environment (CONTRACTS §4.2, later entries win): a few host basics so programs can
 * be found, the job's name and ARN, region, Sagebox's real base URL as every AWS endpoint, dummy credentials, then the
 * user's {@code Environment}. Nothing else of the server's environment is passed, so host credentials stay out.
 */
final class TrainingEnvironment {
    /** Server variables a host process needs to find its interpreter (pyenv shims read PYENV_*). */
    private static final List<String> HOST_BASICS = List.of("LANG", "LC_ALL", "TZ", "HOME", "USER", "TMPDIR",
            "PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "JAVA_HOME");

    private TrainingEnvironment() {
    }

    static Map<String, String> of(TrainingJob job, String baseUrl, OptMl layout, Path binDir, Path hostDir) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> server = System.getenv();
        for (String name : HOST_BASICS) {
            if (server.get(name) != null) {
                env.put(name, server.get(name));
            }
        }
        String path = server.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("PATH", binDir == null ? path : binDir + ":" + path);
        // Streamed logs and metrics need lines as they are printed, not when a pipe buffer fills.
        env.put("PYTHONUNBUFFERED", "1");
        // Without bwrap, programs that build /opt/ml paths themselves need the real root (a Sagebox extension).
        env.put("SAGEBOX_OPT_ML", layout.root().toString());
        platform(env, job, baseUrl);
        if (!Boolean.TRUE.equals(job.spec().enableNetworkIsolation())) {
            // The host's ~/.aws files would otherwise still be read for profiles and regions.
            env.put("AWS_SHARED_CREDENTIALS_FILE", hostDir.resolve(".aws-none").toString());
            env.put("AWS_CONFIG_FILE", hostDir.resolve(".aws-none").toString());
        }
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
        Map<String, String> env = new LinkedHashMap<>();
        platform(env, job, baseUrl);
        if (job.spec().environment() != null) {
            env.putAll(job.spec().environment());
        }
        return env;
    }

    /** CONTRACTS §4.2 items 1-4; with network isolation, no AWS variables at all. */
    private static void platform(Map<String, String> env, TrainingJob job, String baseUrl) {
        env.put("TRAINING_JOB_NAME", job.name());
        env.put("TRAINING_JOB_ARN", job.arn());
        if (!Boolean.TRUE.equals(job.spec().enableNetworkIsolation())) {
            env.put("AWS_REGION", job.region().name());
            env.put("AWS_DEFAULT_REGION", job.region().name());
            env.put("AWS_ENDPOINT_URL", baseUrl);
            env.put("AWS_ENDPOINT_URL_S3", baseUrl);
            env.put("S3_ENDPOINT_URL", baseUrl);
            env.put("AWS_ACCESS_KEY_ID", "sagebox");
            env.put("AWS_SECRET_ACCESS_KEY", "sagebox");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
        }
    }
}
