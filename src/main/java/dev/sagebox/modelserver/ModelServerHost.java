package dev.sagebox.modelserver;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint instance served by the model server, with every path as the process will see it.
 *
 * @param interpreter         the Python that runs the server and the user's handlers (a path, or a name on PATH)
 * @param baseDir             the instance's {@code /opt/ml} tree ({@code SAGEMAKER_BASE_DIR}), holding {@code model/}
 * @param port                the port to listen on ({@code SAGEMAKER_BIND_TO_PORT}); 0 is refused, since the hoster
 *                            must know the port before the process starts
 * @param bindAddress         the address to listen on: {@code 127.0.0.1} for the process runtime
 * @param venvCache           where virtual environments for {@code code/requirements.txt} are cached, shared with
 *                            script mode
 * @param executionParameters the JSON body of {@code GET /execution-parameters}, or null to answer it with 404
 */
public record ModelServerHost(String interpreter, Path baseDir, int port, String bindAddress, Path venvCache,
                              String executionParameters) {
    public static final String LOOPBACK = "127.0.0.1";

    public ModelServerHost {
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(venvCache, "venvCache");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }

    /** An instance listening on loopback, with no {@code /execution-parameters}. */
    public static ModelServerHost of(String interpreter, Path baseDir, int port, Path venvCache) {
        return new ModelServerHost(interpreter, baseDir, port, LOOPBACK, venvCache, null);
    }

    public ModelServerHost withBindAddress(String address) {
        return new ModelServerHost(interpreter, baseDir, port, address, venvCache, executionParameters);
    }

    public ModelServerHost withExecutionParameters(String json) {
        return new ModelServerHost(interpreter, baseDir, port, bindAddress, venvCache, json);
    }

    public Optional<String> executionParametersIfAny() {
        return Optional.ofNullable(executionParameters);
    }
}
