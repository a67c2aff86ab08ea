package dev.sagebox.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test fixture for the TF Serving tests: the Python with tensorflow (system property {@code sagebox.tf.python} or
 * variable {@code SAGEBOX_TF_PYTHON}), and the SavedModels {@code export_saved_models.py} writes with it.
 */
final class TensorFlowModels {
    private TensorFlowModels() {
    }

    /** A server over freshly exported models, not yet started; skips the caller when no interpreter is set. */
    static ServedModel served(Path root) throws IOException, InterruptedException {
        String python = System.getProperty("sagebox.tf.python", System.getenv("SAGEBOX_TF_PYTHON"));
        Assumptions.assumeTrue(python != null && !python.isBlank(), "no TensorFlow interpreter configured: set "
                + "SAGEBOX_TF_PYTHON (or -Dsagebox.tf.python) to a python that imports tensorflow");
        ServedModel served = new ServedModel(root).interpreter(python)
                .env("SAGEMAKER_TFS_DEFAULT_MODEL_NAME", "half_plus_three").env("TF_CPP_MIN_LOG_LEVEL", "3");
        Path script = root.resolve("export_saved_models.py");
        try (InputStream in = TensorFlowModels.class.getResourceAsStream("export_saved_models.py")) {
            Files.copy(in, script);
        }
        Path log = root.resolve("export.log");
        Process process = new ProcessBuilder(python, script.toString(), served.modelDir().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        return served;
    }
}
