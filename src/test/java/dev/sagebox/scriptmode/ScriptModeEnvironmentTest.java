package dev.sagebox.scriptmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real program: hyperparameter decoding, argument rendering and the SM_* variables a script sees. */
class ScriptModeEnvironmentTest {
    /** Dumps what the user's process sees: its arguments, environment and working directory. */
    static final String DUMP_SCRIPT = """
            import json, os, sys
            with open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "dump.json"), "w") as f:
                json.dump({"argv": sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd()}, f)
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    ScriptModeJob job;

    @BeforeEach
    void setUp() throws IOException {
        job = new ScriptModeJob(root).entryPoint("train.py").sourceFile("train.py", DUMP_SCRIPT);
    }

    @Test
    void hyperparameters_decodeAndRenderAsTheToolkitDoes() throws Exception {
        job.hyperparameters(Map.of(
                "epochs", "10", "lr", "0.0001", "optimizer", "\"adam\"", "flag", "true", "d", "{\"a\":1}",
                "x", "1e-05", "raw", "adam", "none", "null", "list", "[1, 2]", "batch-size", "256"));

        ScriptModeJob.Run run = job.run().assertExit(0);

        JsonNode dump = job.outputJson("dump.json");
        JsonNode env = dump.get("env");
        assertThat(strings(JSON.readTree(env.get("SM_USER_ARGS").asText()))).containsExactly(
                "--batch-size", "256", "-d", "a=1", "--epochs", "10", "--flag", "True", "--list", "[1, 2]",
                "--lr", "0.0001", "--none", "", "--optimizer", "adam", "--raw", "adam", "-x", "1e-05");
        // The joined command line goes through /bin/sh, so "[1, 2]" splits and "" vanishes, as in the cloud.
        assertThat(strings(dump.get("argv"))).containsExactly(
                "--batch-size", "256", "-d", "a=1", "--epochs", "10", "--flag", "True", "--list", "[1,", "2]",
                "--lr", "0.0001", "--none", "--optimizer", "adam", "--raw", "adam", "-x", "1e-05");
        assertThat(env.get("SM_HPS").asText()).isEqualTo("{\"batch-size\":256,\"d\":{\"a\":1},\"epochs\":10,"
                + "\"flag\":true,\"list\":[1,2],\"lr\":0.0001,\"none\":null,\"optimizer\":\"adam\",\"raw\":\"adam\","
                + "\"x\":1e-05}");
        // Exported with the hyphen, as the toolkit does; dash, Debian's and Ubuntu's /bin/sh, then drops names that
        // are not shell identifiers before the script starts, in the cloud's framework images as here.
        assertThat(run.stderr()).contains("\nSM_HP_BATCH-SIZE=256\n");
        assertThat(env.get("SM_HP_OPTIMIZER").asText()).isEqualTo("adam");
        assertThat(env.get("SM_HP_FLAG").asText()).isEqualTo("true");
        assertThat(env.get("SM_HP_D").asText()).isEqualTo("{\"a\":1}");
        assertThat(env.get("SM_HP_X").asText()).isEqualTo("1e-05");
        assertThat(env.get("SM_HP_NONE").asText()).isEmpty();
        assertThat(env.get("SM_HP_LIST").asText()).isEqualTo("[1,2]");
    }

    @Test
    void hyperparameters_withWhitespaceOrShellCharacters_areNamedInAWarningAtTheTop() throws Exception {
        job.hyperparameters(Map.of("title", "\"two words\"", "cost", "\"$5\"", "plain", "\"ok\""));

        ScriptModeJob.Run run = job.run().assertExit(0);

        String firstLine = run.stderr().lines().findFirst().orElse("");
        assertThat(firstLine).contains("WARNING").contains("'cost'").contains("'title'").doesNotContain("'plain'");
    }

    @Test
    void smVariables_describeTheHostWithPathsInsideItsOptMlTree() throws Exception {
        job.channel("validation").channel("train")
                .hyperparameters(Map.of("sagemaker_job_name", "\"demo-job\"", "sagemaker_region", "\"eu-west-1\"",
                        "sagemaker_container_log_level", "20", "sagemaker_custom_flag", "\"x\"", "epochs", "3"))
                .host(host -> host.withGpus(2));

        job.run().assertExit(0);

        JsonNode dump = job.outputJson("dump.json");
        JsonNode env = dump.get("env");
        Path optMl = job.optMl();
        assertThat(text(env, "SM_CHANNELS")).isEqualTo("[\"train\",\"validation\"]");
        assertThat(text(env, "SM_CHANNEL_TRAIN")).isEqualTo(optMl.resolve("input/data/train").toString());
        assertThat(text(env, "SM_CHANNEL_VALIDATION")).isEqualTo(optMl.resolve("input/data/validation").toString());
        assertThat(text(env, "SM_MODEL_DIR")).isEqualTo(optMl.resolve("model").toString());
        assertThat(text(env, "SM_INPUT_DIR")).isEqualTo(optMl.resolve("input").toString());
        assertThat(text(env, "SM_INPUT_CONFIG_DIR")).isEqualTo(optMl.resolve("input/config").toString());
        assertThat(text(env, "SM_OUTPUT_DIR")).isEqualTo(optMl.resolve("output").toString());
        assertThat(text(env, "SM_OUTPUT_DATA_DIR")).isEqualTo(optMl.resolve("output/data").toString());
        assertThat(text(env, "SM_OUTPUT_INTERMEDIATE_DIR")).isEqualTo(optMl.resolve("output/intermediate").toString());
        assertThat(text(env, "SM_HPS")).isEqualTo("{\"epochs\":3}");
        assertThat(text(env, "SM_FRAMEWORK_PARAMS")).isEqualTo("{\"sagemaker_custom_flag\":\"x\"}");
        assertThat(text(env, "SM_USER_ENTRY_POINT")).isEqualTo("train.py");
        assertThat(text(env, "SM_MODULE_NAME")).isEqualTo("train");
        assertThat(text(env, "SM_MODULE_DIR")).isEqualTo(job.source().toString());
        assertThat(text(env, "SM_FRAMEWORK_MODULE")).isEmpty();
        assertThat(text(env, "SM_HOSTS")).isEqualTo("[\"algo-1\"]");
        assertThat(text(env, "SM_CURRENT_HOST")).isEqualTo("algo-1");
        assertThat(text(env, "SM_CURRENT_INSTANCE_TYPE")).isEqualTo("ml.m5.xlarge");
        assertThat(text(env, "SM_CURRENT_INSTANCE_GROUP")).isEqualTo("homogeneousCluster");
        assertThat(text(env, "SM_CURRENT_INSTANCE_GROUP_HOSTS")).isEqualTo("[\"algo-1\"]");
        assertThat(text(env, "SM_INSTANCE_GROUPS")).isEqualTo("[\"homogeneousCluster\"]");
        assertThat(text(env, "SM_INSTANCE_GROUPS_DICT")).isEqualTo("{\"homogeneousCluster\":{\"hosts\":[\"algo-1\"],"
                + "\"instance_group_name\":\"homogeneousCluster\",\"instance_type\":\"ml.m5.xlarge\"}}");
        assertThat(text(env, "SM_DISTRIBUTION_INSTANCE_GROUPS")).isEqualTo("[]");
        assertThat(text(env, "SM_IS_HETERO")).isEqualTo("false");
        assertThat(text(env, "SM_NUM_GPUS")).isEqualTo("2");
        assertThat(text(env, "SM_NUM_CPUS")).matches("[1-9][0-9]*");
        assertThat(text(env, "SM_NUM_NEURONS")).isEqualTo("0");
        assertThat(text(env, "SM_NETWORK_INTERFACE_NAME")).isEqualTo("eth0");
        assertThat(text(env, "SM_LOG_LEVEL")).isEqualTo("20");
        assertThat(text(env, "SM_INPUT_DATA_CONFIG")).isEqualTo("{\"train\":{\"RecordWrapperType\":\"None\","
                + "\"S3DistributionType\":\"FullyReplicated\",\"TrainingInputMode\":\"File\"},\"validation\":{"
                + "\"RecordWrapperType\":\"None\",\"S3DistributionType\":\"FullyReplicated\","
                + "\"TrainingInputMode\":\"File\"}}");
        assertThat(JSON.readTree(text(env, "SM_RESOURCE_CONFIG")).get("current_host").asText()).isEqualTo("algo-1");
        assertThat(text(env, "SAGEMAKER_JOB_NAME")).isEqualTo("demo-job");
        assertThat(text(env, "CURRENT_HOST")).isEqualTo("algo-1");
        assertThat(text(env, "SAGEMAKER_REGION")).isEqualTo("eu-west-1");
        assertThat(text(env, "PYTHONPATH")).startsWith(optMl.resolve("code") + ":");
        assertThat(env.fieldNames()).toIterable().noneMatch(name -> name.startsWith("SAGEBOX_"));
        assertThat(dump.get("cwd").asText()).isEqualTo(optMl.resolve("code").toString());
        assertThat(Files.readString(optMl.resolve("code/train.py"))).isEqualTo(DUMP_SCRIPT);
    }

    @Test
    void smTrainingEnv_holdsEveryEnvironmentProperty() throws Exception {
        job.channel("train").hyperparameters(Map.of("epochs", "3")).host(host -> host.withGpus(1));

        job.run().assertExit(0);

        JsonNode training = JSON.readTree(text(job.outputJson("dump.json").get("env"), "SM_TRAINING_ENV"));
        assertThat(training.fieldNames()).toIterable().containsExactly(
                "additional_framework_parameters", "channel_input_dirs", "current_host", "current_instance_group",
                "current_instance_group_hosts", "current_instance_type", "distribution_hosts",
                "distribution_instance_groups", "framework_module", "hosts", "hyperparameters", "input_config_dir",
                "input_data_config", "input_dir", "instance_groups", "instance_groups_dict", "is_hetero",
                "is_master", "is_modelparallel_enabled", "is_smddpmprun_installed", "is_smddprun_installed",
                "job_name", "log_level", "master_hostname", "model_dir", "module_dir", "module_name",
                "network_interface_name", "num_cpus", "num_gpus", "num_neurons", "output_data_dir", "output_dir",
                "output_intermediate_dir", "resource_config", "user_entry_point");
        assertThat(training.get("job_name").asText()).isEqualTo("demo");
        assertThat(training.get("is_master").asBoolean()).isTrue();
        assertThat(training.get("master_hostname").asText()).isEqualTo("algo-1");
        assertThat(training.get("num_gpus").asInt()).isEqualTo(1);
        assertThat(training.get("hyperparameters").toString()).isEqualTo("{\"epochs\":3}");
        assertThat(training.get("channel_input_dirs").get("train").asText())
                .isEqualTo(job.optMl().resolve("input/data/train").toString());
        assertThat(training.get("framework_module").isNull()).isTrue();
    }

    @Test
    void programEnvironmentVariable_beatsTheHyperparameter() throws Exception {
        job.hyperparameter("sagemaker_program", "\"missing.py\"").env("SAGEMAKER_PROGRAM", "train.py");

        job.run().assertExit(0);

        assertThat(text(job.outputJson("dump.json").get("env"), "SM_USER_ENTRY_POINT")).isEqualTo("train.py");
    }

    @Test
    void hyperparameterNamingOptMl_pointsIntoTheHostTree() throws Exception {
        job.hyperparameter("checkpoint", "\"/opt/ml/checkpoints/last\"");

        job.run().assertExit(0);

        JsonNode dump = job.outputJson("dump.json");
        assertThat(strings(dump.get("argv")))
                .containsExactly("--checkpoint", job.optMl().resolve("checkpoints/last").toString());
    }

    @Test
    void oldestSupportedPython_rendersTheSameArguments() throws Exception {
        Path python38 = findPython38();
        Assumptions.assumeTrue(python38 != null, "no Python 3.8 under ~/.pyenv/versions on this machine");
        job.hyperparameters(Map.of("lr", "0.0001", "x", "1e-05", "flag", "true", "d", "{\"b\":2,\"a\":1}"))
                .host(host -> new ScriptModeHost(python38.toString(), host.optMl(), host.venvCache(), null, 0,
                        host.resultFile()));

        job.run().assertExit(0);

        assertThat(strings(job.outputJson("dump.json").get("argv")))
                .containsExactly("-d", "a=1,b=2", "--flag", "True", "--lr", "0.0001", "-x", "1e-05");
    }

    private static Path findPython38() throws IOException {
        Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (!Files.isDirectory(versions)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(versions)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("3.8."))
                    .map(p -> p.resolve("bin/python3")).filter(Files::isExecutable).findFirst().orElse(null);
        }
    }

    private static String text(JsonNode env, String name) {
        JsonNode value = env.get(name);
        assertThat(value).as(name).isNotNull();
        return value.asText();
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
