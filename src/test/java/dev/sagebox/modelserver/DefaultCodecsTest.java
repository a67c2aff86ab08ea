package dev.sagebox.modelserver;

import static dev.sagebox.modelserver.ServedModel.contentType;
import static dev.sagebox.modelserver.ServedModel.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toolkit's default input_fn and output_fn (decoder.py, encoder.py): numpy codecs for JSON, CSV and NPY. Runs
 * where {@code python3} imports numpy; the error a missing numpy gives is checked everywhere.
 */
class DefaultCodecsTest {
    private static final String DOUBLING = """
            def model_fn(model_dir): return 2
            def predict_fn(data, model): return data * model
            """;

    @TempDir
    Path root;

    private static void requireNumpy() {
        Assumptions.assumeTrue(imports("numpy"), "python3 cannot import numpy; the codec tests need it");
    }

    @Test
    void json_decodesToAnArray_andEncodesItsList() throws Exception {
        requireNumpy();
        try (ServedModel served = new ServedModel(root).handler(DOUBLING).startHealthy()) {
            HttpResponse<byte[]> response = served.invoke("application/json", null, "[[1, 2], [3.5, 4]]");

            assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
            assertThat(text(response)).isEqualTo("[[2.0, 4.0], [7.0, 8.0]]");
            assertThat(contentType(response)).isEqualTo("application/json");
        }
    }

    @Test
    void csv_bothWays_andTheFirstSupportedAcceptTypeWins() throws Exception {
        requireNumpy();
        try (ServedModel served = new ServedModel(root).handler(DOUBLING).startHealthy()) {
            HttpResponse<byte[]> response = served.invoke("text/csv", "image/png, text/csv, application/json",
                    "1,2\n3,4\n");

            assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
            assertThat(text(response)).isEqualTo("2.0,4.0\n6.0,8.0\n");
            assertThat(contentType(response)).isEqualTo("text/csv");
        }
    }

    @Test
    void npy_bothWays() throws Exception {
        requireNumpy();
        try (ServedModel served = new ServedModel(root).handler(DOUBLING).startHealthy()) {
            HttpResponse<byte[]> response = served.invoke("application/x-npy", "application/x-npy",
                    npy(1.5, -2.0, 8.0));

            assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
            assertThat(contentType(response)).isEqualTo("application/x-npy");
            assertThat(doubles(response.body())).containsExactly(3.0, -4.0, 16.0);
        }
    }

    @Test
    void withoutNumpy_theDefaultDecoderSaysWhatIsMissing_butJsonStillEncodes() throws Exception {
        // Shadow whatever numpy python3 has with one that cannot be imported.
        Path shadow = root.resolve("shadow/numpy");
        Files.createDirectories(shadow);
        Files.writeString(shadow.resolve("__init__.py"), "raise ImportError('no numpy here')\n");
        try (ServedModel served = new ServedModel(root.resolve("server")).handler("""
                import json
                def model_fn(model_dir): return None
                def input_fn(body, content_type):
                    if content_type == "application/json":
                        raise RuntimeError("unused")
                    return {"given": body.decode()}
                def predict_fn(data, model): return data
                """).env("PYTHONPATH", shadow.getParent().toString()).startHealthy();
             ServedModel decoding = new ServedModel(root.resolve("decoding")).handler(DOUBLING)
                     .env("PYTHONPATH", shadow.getParent().toString()).startHealthy()) {
            HttpResponse<byte[]> encoded = served.invoke("text/plain", null, "x");
            HttpResponse<byte[]> decoded = decoding.invoke("application/json", null, "[1]");

            assertThat(text(encoded)).isEqualTo("{\"given\": \"x\"}");
            assertThat(decoded.statusCode()).isEqualTo(500);
            assertThat(text(decoded)).startsWith("The default JSON decoder needs numpy, which this Python cannot "
                    + "import. Implement input_fn and output_fn in the handler module, or add numpy to "
                    + "code/requirements.txt.");
        }
    }

    /** A little-endian float64 vector in NPY 1.0 format. */
    private static byte[] npy(double... values) {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        int unpadded = 10 + header.length() + 1;
        header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + 8 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (double value : values) {
            buffer.putDouble(value);
        }
        return buffer.array();
    }

    private static double[] doubles(byte[] npy) {
        ByteBuffer buffer = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = buffer.getShort(8) & 0xffff;
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f8'");
        buffer.position(10 + headerLength);
        double[] values = new double[buffer.remaining() / 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getDouble();
        }
        return values;
    }

    static boolean imports(String module) {
        try {
            Process process = new ProcessBuilder(ServedModel.PYTHON, "-c", "import " + module)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
