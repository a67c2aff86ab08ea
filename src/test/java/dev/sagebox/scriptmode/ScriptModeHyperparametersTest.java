package dev.sagebox.scriptmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptModeHyperparametersTest {
    @Test
    void entryPoint_jsonEncodedHyperparameter_isDecoded() {
        assertThat(ScriptModeHyperparameters.entryPoint(Map.of(), Map.of("sagemaker_program", "\"train.py\"")))
                .contains("train.py");
    }

    @Test
    void entryPoint_rawHyperparameter_isKeptAsItIs() {
        assertThat(ScriptModeHyperparameters.entryPoint(Map.of(), Map.of("sagemaker_program", "train.py")))
                .contains("train.py");
    }

    @Test
    void entryPoint_environmentVariable_beatsTheHyperparameter() {
        assertThat(ScriptModeHyperparameters.entryPoint(Map.of("SAGEMAKER_PROGRAM", "main.py"),
                Map.of("sagemaker_program", "\"train.py\""))).contains("main.py");
    }

    @Test
    void isScriptMode_withoutAnEntryPoint_isFalse() {
        assertThat(ScriptModeHyperparameters.isScriptMode(Map.of(), Map.of("epochs", "10"))).isFalse();
        assertThat(ScriptModeHyperparameters.isScriptMode(null, null)).isFalse();
        assertThat(ScriptModeHyperparameters.isScriptMode(Map.of("SAGEMAKER_PROGRAM", ""),
                Map.of("sagemaker_program", "\"\""))).isFalse();
    }

    @Test
    void submitDirectory_isDecoded() {
        assertThat(ScriptModeHyperparameters.submitDirectory(Map.of("sagemaker_submit_directory",
                "\"s3://bkt/demo/source/sourcedir.tar.gz\""))).contains("s3://bkt/demo/source/sourcedir.tar.gz");
        assertThat(ScriptModeHyperparameters.submitDirectory(Map.of())).isEmpty();
    }
}
