package dev.sagebox.modelserver;

import dev.sagebox.state.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The model server program, installed under {@code <data dir>/lib/}, and the launches that run it for one endpoint
 * instance. It emulates a framework serving container (CONTRACTS.md §6.3, §6.4) with Python's standard library, so
 * any interpreter a user maps a framework image to can run it; numpy and tensorflow are used when the model needs them.
 */
public final class ModelServerProgram {
    /** The main program first; the rest are modules it imports from its own directory. */
    static final List<String> FILES = List.of("sagebox_serve.py", "sagebox_http.py", "sagebox_inference.py",
            "sagebox_codecs.py", "sagebox_tfs.py", "sagebox_tfs_json.py");
    /**
     * Script mode's venv cache and child supervisor, shared so that a requirements.txt installed for training is
     * reused when the same code serves. They land in the same lib dir, with the same bytes script mode writes.
     */
    static final List<String> SHARED = List.of("/dev/sagebox/scriptmode/sagebox_venv.py",
            "/dev/sagebox/scriptmode/sagebox_process.py");
    static final String BASE_DIR = "SAGEMAKER_BASE_DIR";
    static final String PORT = "SAGEMAKER_BIND_TO_PORT";
    static final String BIND_ADDRESS = "SAGEBOX_BIND_ADDRESS";
    static final String VENV_CACHE = "SAGEBOX_VENV_CACHE";
    static final String EXECUTION_PARAMETERS = "SAGEBOX_EXECUTION_PARAMETERS";

    // Endpoints starting together on virtual threads install at once; writes are renames, the lock avoids churn.
    private static final ReentrantLock INSTALL_LOCK = new ReentrantLock();

    private final Path libDir;

    private ModelServerProgram(Path libDir) {
        this.libDir = libDir;
    }

    /**
     * Installs the program into {@code <dataDir>/lib/}, rewriting only files whose content differs from this build's,
     * each through a temp file, fsync and rename so a starting server never reads half a file.
     */
    public static ModelServerProgram installIn(Path dataDir) throws IOException {
        Path lib = dataDir.resolve("lib");
        INSTALL_LOCK.lock();
        try {
            Files.createDirectories(lib);
            for (String name : FILES) {
                install(lib, name, resource(name));
            }
            for (String path : SHARED) {
                install(lib, path.substring(path.lastIndexOf('/') + 1), resource(path));
            }
        } finally {
            INSTALL_LOCK.unlock();
        }
        return new ModelServerProgram(lib);
    }

    /** The directory holding the program; a sandbox must make it readable at the same path. */
    public Path libDir() {
        return libDir;
    }

    public Path mainFile() {
        return libDir.resolve(FILES.getFirst());
    }

    /** The command and extra environment that serve {@code host}; run it with the model's environment underneath. */
    public ModelServerLaunch launch(ModelServerHost host) {
        // -u: request log lines reach CloudWatch Logs as they happen; -B: no __pycache__ in a shared, maybe read-only
        // lib dir.
        List<String> command = new ArrayList<>(List.of(host.interpreter(), "-u", "-B", mainFile().toString()));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(BASE_DIR, host.baseDir().toString());
        environment.put(PORT, Integer.toString(host.port()));
        environment.put(BIND_ADDRESS, host.bindAddress());
        environment.put(VENV_CACHE, host.venvCache().toString());
        host.executionParametersIfAny().ifPresent(json -> environment.put(EXECUTION_PARAMETERS, json));
        return new ModelServerLaunch(command, environment);
    }

    private static void install(Path lib, String name, byte[] content) throws IOException {
        Path target = lib.resolve(name);
        if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
            AtomicFiles.writeWorldReadable(target, content);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelServerProgram.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource missing from the build: " + name));
            }
            return in.readAllBytes();
        }
    }
}
