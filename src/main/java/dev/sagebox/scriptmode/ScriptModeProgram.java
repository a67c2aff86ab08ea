package dev.sagebox.scriptmode;

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
 * The script-mode program, installed under {@code <data dir>/lib/}, and the launches that run it for one host. The
 * program emulates the SageMaker training toolkit (CONTRACTS.md §5) with Python's standard library only, so any
 * interpreter a user maps a framework image to can run it.
 */
public final class ScriptModeProgram {
    /** The main program first; the rest are modules it imports from its own directory. */
    static final List<String> FILES = List.of("sagebox_script_mode.py", "sagebox_training_env.py",
            "sagebox_process.py", "sagebox_venv.py");
    static final String OPT_ML = "SAGEBOX_OPT_ML";
    static final String SUBMIT_TARBALL = "SAGEBOX_SUBMIT_TARBALL";
    static final String VENV_CACHE = "SAGEBOX_VENV_CACHE";
    static final String NUM_GPUS = "SAGEBOX_NUM_GPUS";
    static final String RESULT_FILE = "SAGEBOX_RESULT_FILE";

    // Jobs starting together on virtual threads install at once; writes are renames, the lock just avoids churn.
    private static final ReentrantLock INSTALL_LOCK = new ReentrantLock();

    private final Path libDir;

    private ScriptModeProgram(Path libDir) {
        this.libDir = libDir;
    }

    /**
     * Installs the program into {@code <dataDir>/lib/}, rewriting only files whose content differs from this build's,
     * each through a temp file, fsync and rename so a running job never reads half a file.
     */
    public static ScriptModeProgram installIn(Path dataDir) throws IOException {
        Path lib = dataDir.resolve("lib");
        INSTALL_LOCK.lock();
        try {
            Files.createDirectories(lib);
            for (String name : FILES) {
                byte[] content = resource(name);
                Path target = lib.resolve(name);
                if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                    AtomicFiles.writeWorldReadable(target, content);
                }
            }
        } finally {
            INSTALL_LOCK.unlock();
        }
        return new ScriptModeProgram(lib);
    }

    /** Where cached virtual environments live by default: {@code <dataDir>/cache/venvs}. */
    public static Path defaultVenvCache(Path dataDir) {
        return dataDir.resolve("cache").resolve("venvs");
    }

    /** The directory holding the program; a sandbox must make it readable at the same path. */
    public Path libDir() {
        return libDir;
    }

    public Path mainFile() {
        return libDir.resolve(FILES.getFirst());
    }

    /** The command and extra environment that run {@code host}; run it with the host's environment underneath. */
    public ScriptModeLaunch launch(ScriptModeHost host) {
        // -u: our own log lines reach the job log as they happen; -B: no __pycache__ in a shared, maybe read-only dir.
        List<String> command = new ArrayList<>(List.of(host.interpreter(), "-u", "-B", mainFile().toString()));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(OPT_ML, host.optMl().toString());
        environment.put(VENV_CACHE, host.venvCache().toString());
        environment.put(NUM_GPUS, Integer.toString(host.numGpus()));
        host.submitTarballFile().ifPresent(tarball -> environment.put(SUBMIT_TARBALL, tarball.toString()));
        host.resultFileIfAny().ifPresent(file -> environment.put(RESULT_FILE, file.toString()));
        return new ScriptModeLaunch(command, environment);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ScriptModeProgram.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource missing from the build: " + name));
            }
            return in.readAllBytes();
        }
    }
}
