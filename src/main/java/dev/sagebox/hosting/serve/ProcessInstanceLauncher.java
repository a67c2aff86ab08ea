package dev.sagebox.hosting.serve;

import dev.sagebox.jobs.ProcessImage;
import dev.sagebox.jobs.ProcessImages;
import dev.sagebox.modelserver.ModelServerHost;
import dev.sagebox.modelserver.ModelServerLaunch;
import dev.sagebox.modelserver.ModelServerProgram;
import dev.sagebox.scriptmode.ScriptModeProgram;
import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadRuntime;
import dev.sagebox.runtime.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves on the process runtime: an image mapped to a BYO directory runs its {@code serve} program; an image mapped
 * to a python (or unmapped) runs Sagebox's model server, which emulates the framework serving containers (§6.4).
 */
public final class ProcessInstanceLauncher implements InstanceLauncher {
    private static final List<String> HOST_BASICS = List.of("LANG", "LC_ALL", "TZ", "HOME", "USER", "TMPDIR",
            "PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV");
    static final String COMPONENT_LABEL = "sagebox.component";
    /** The data dir: a restart reaps only its own server's leftovers, never another server's live instances. */
    static final String HOME_LABEL = "sagebox.home";

    private final WorkloadRuntime runtime;
    private final ProcessImages images;
    private final Path dataDir;
    private final String defaultPython;
    private final Map<String, String> labels;

    public ProcessInstanceLauncher(WorkloadRuntime runtime, ProcessImages images, Path dataDir,
                                   String defaultPython) {
        this.runtime = runtime;
        this.images = images;
        this.dataDir = dataDir;
        this.defaultPython = defaultPython;
        this.labels = Map.of(COMPONENT_LABEL, "hosting", HOME_LABEL, dataDir.toAbsolutePath().toString());
    }

    @Override
    public Workload launch(InstancePlan plan, OutputListener output) throws IOException {
        String image = plan.container().image();
        ProcessImage mapping = images.find(image).orElse(null);
        Map<String, String> env = baseEnvironment(plan);
        List<String> command;
        if (mapping != null && mapping.directory() != null && !mapping.isScriptMode()) {
            Path serve = mapping.program("serve");
            if (!Files.isExecutable(serve)) {
                throw new IOException("image " + image + " maps to " + mapping.directory()
                        + ", which has no executable serve program");
            }
            command = List.of(serve.toString(), "serve");
        } else {
            String python = mapping != null && mapping.python() != null ? mapping.python() : defaultPython;
            ModelServerProgram program = ModelServerProgram.installIn(dataDir);
            ModelServerLaunch launch = program.launch(ModelServerHost.of(python, plan.baseDir(), plan.port(),
                    ScriptModeProgram.defaultVenvCache(dataDir)));
            env.putAll(launch.environment());
            command = launch.command();
        }
        Map<String, String> instanceLabels = new LinkedHashMap<>(labels);
        instanceLabels.putAll(plan.labels());
        return runtime.start(WorkloadSpec.command(command, env, plan.baseDir(), instanceLabels), output);
    }

    @Override
    public void reapOrphans() {
        runtime.reapOrphans(labels);
    }

    private static Map<String, String> baseEnvironment(InstancePlan plan) {
        Map<String, String> server = System.getenv();
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : HOST_BASICS) {
            if (server.containsKey(name)) {
                env.put(name, server.get(name));
            }
        }
        env.put("PATH", server.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("PYTHONUNBUFFERED", "1");
        env.put("AWS_REGION", plan.region().name());
        env.put("AWS_DEFAULT_REGION", plan.region().name());
        env.put("SAGEMAKER_REGION", plan.region().name());
        plan.container().environmentOrEmpty().forEach((name, value) -> env.put(name, rewrite(name, value)));
        env.put("SAGEMAKER_BASE_DIR", plan.baseDir().toString());
        env.put("SAGEMAKER_BIND_TO_PORT", Integer.toString(plan.port()));
        env.put("SAGEMAKER_SAFE_PORT_RANGE", plan.safePortRange());
        env.put("SM_MODEL_DIR", plan.modelDir().toString());
        return env;
    }

    /** A {@code file://dir} code location is used in place, as SDK local mode mounts it (CONTRACTS §6.3). */
    private static String rewrite(String name, String value) {
        if ("SAGEMAKER_SUBMIT_DIRECTORY".equals(name) && value != null && value.startsWith("file://")) {
            return value.substring("file://".length());
        }
        return value;
    }
}
