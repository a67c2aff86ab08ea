package dev.sagebox.jobs;

import dev.sagebox.aws.Region;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment every job workload gets (CONTRACTS §4.2, later entries win): for a host process a few host basics
 * so programs can be found; then the job's name and ARN ({@code TRAINING_JOB_*} or {@code PROCESSING_JOB_*}), region,
 * Sagebox's real base URL as every AWS endpoint and dummy credentials. Nothing else of the server's environment is
 * passed, so host credentials stay out. The caller adds the user's {@code Environment} last.
 *
 * @param prefix   {@code TRAINING_JOB} or {@code PROCESSING_JOB}
 * @param isolated network isolation: no AWS variables at all
 */
public record JobEnvironment(String prefix, String name, String arn, Region region, String baseUrl,
                             boolean isolated) {
    /** Server variables a host process needs to find its interpreter (pyenv shims read PYENV_*). */
    private static final List<String> HOST_BASICS = List.of("LANG", "LC_ALL", "TZ", "HOME", "USER", "TMPDIR",
            "PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "JAVA_HOME");

    /** A container's platform variables: the image keeps its own ENV (PATH and the like). */
    public Map<String, String> forContainer() {
        Map<String, String> env = new LinkedHashMap<>();
        platform(env);
        return env;
    }

    /**
     * A host process's variables: host basics, {@code binDir} first on PATH, unbuffered Python, the real
     * {@code /opt/ml} root and the platform variables; the host's {@code ~/.aws} files are hidden.
     */
    public Map<String, String> forHostProcess(OptMl layout, Path binDir, Path hostDir) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> server = System.getenv();
        for (String variable : HOST_BASICS) {
            if (server.get(variable) != null) {
                env.put(variable, server.get(variable));
            }
        }
        String path = server.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("PATH", binDir == null ? path : binDir + ":" + path);
        // Streamed logs and metrics need lines as they are printed, not when a pipe buffer fills.
        env.put("PYTHONUNBUFFERED", "1");
        // Without bwrap, programs that build /opt/ml paths themselves need the real root (a Sagebox extension).
        env.put("SAGEBOX_OPT_ML", layout.root().toString());
        platform(env);
        if (!isolated) {
            // The host's ~/.aws files would otherwise still be read for profiles and regions.
            env.put("AWS_SHARED_CREDENTIALS_FILE", hostDir.resolve(".aws-none").toString());
            env.put("AWS_CONFIG_FILE", hostDir.resolve(".aws-none").toString());
        }
        return env;
    }

    /** CONTRACTS §4.2 items 1-4; with network isolation, no AWS variables at all. */
    private void platform(Map<String, String> env) {
        env.put(prefix + "_NAME", name);
        env.put(prefix + "_ARN", arn);
        if (!isolated) {
            env.put("AWS_REGION", region.name());
            env.put("AWS_DEFAULT_REGION", region.name());
            env.put("AWS_ENDPOINT_URL", baseUrl);
            env.put("AWS_ENDPOINT_URL_S3", baseUrl);
            env.put("S3_ENDPOINT_URL", baseUrl);
            env.put("AWS_ACCESS_KEY_ID", "sagebox");
            env.put("AWS_SECRET_ACCESS_KEY", "sagebox");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
        }
    }
}
