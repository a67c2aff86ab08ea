package dev.sagebox.scriptmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference reader (CONTRACTS.md §4): inside a script-mode job, the SageMaker training toolkit's own
 * {@code Environment()} parses our files and derives exactly the SM_* variables the job exported. Runs only where
 * the toolkit is importable or installable offline.
 */
class ToolkitCompatibilityTest {
    private static final String COMPARE_SCRIPT = """
            import json, os
            from sagemaker_training import environment
            toolkit = environment.Environment().to_env_vars()
            ours = {k: v for k, v in os.environ.items() if k.startswith("SM_")}
            with open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "compare.json"), "w") as f:
                json.dump({"toolkit": toolkit, "ours": ours}, f)
            """;

    @TempDir
    Path root;

    @Test
    void toolkitEnvironment_derivesTheSameVariablesFromOurFiles() throws Exception {
        String toolkitPath = toolkitOnPath();
        ScriptModeJob job = new ScriptModeJob(root).entryPoint("train.py").sourceFile("train.py", COMPARE_SCRIPT)
                .channel("train").channel("validation")
                .hyperparameters(Map.of("epochs", "10", "lr", "0.0001", "optimizer", "\"adam\"", "d", "{\"a\":1}",
                        "sagemaker_job_name", "\"demo\"", "sagemaker_region", "\"us-east-1\"",
                        "sagemaker_container_log_level", "20"));
        if (!toolkitPath.isEmpty()) {
            job.env("PYTHONPATH", toolkitPath);
        }

        job.run().assertExit(0);

        JsonNode compare = job.outputJson("compare.json");
        JsonNode toolkit = compare.get("toolkit");
        JsonNode ours = compare.get("ours");
        List<String> missing = new ArrayList<>();
        toolkit.fieldNames().forEachRemaining(name -> {
            if (!ours.has(name) && !name.contains("-")) {
                missing.add(name);
            } else if (ours.has(name) && !name.equals("SM_TRAINING_ENV")) {
                assertThat(ours.get(name).asText()).as(name).isEqualTo(toolkit.get(name).asText());
            }
        });
        assertThat(missing).as("variables the toolkit derives that the job did not export").isEmpty();
    }

    /** Returns extra PYTHONPATH for the toolkit ("" when python3 has it), or skips the test. */
    private String toolkitOnPath() throws IOException, InterruptedException {
        if (OfflinePip.isImportable("sagemaker_training.environment")) {
            return "";
        }
        Assumptions.assumeTrue(OfflinePip.canDownload("sagemaker-training"),
                "sagemaker-training is neither installed nor installable offline from this machine's pip index");
        Path target = root.resolve("toolkit");
        Process install = new ProcessBuilder(List.of(ScriptModeJob.PYTHON, "-m", "pip", "install", "-q",
                "--retries", "0", "--target", target.toString(), "sagemaker-training"))
                .redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes());
        boolean finished = install.waitFor(10, TimeUnit.MINUTES);
        Assumptions.assumeTrue(finished && install.exitValue() == 0,
                "sagemaker-training downloads but does not install here: " + tail(output));
        return target.toString();
    }

    private static String tail(String text) {
        return text.length() <= 800 ? text : text.substring(text.length() - 800);
    }
}
