package dev.sagebox.scriptmode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Asks this machine's pip, with its own configuration and offline index, whether a package can be fetched. */
final class OfflinePip {
    private static final ConcurrentHashMap<String, Boolean> ANSWERS = new ConcurrentHashMap<>();

    private OfflinePip() {
    }

    static boolean canDownload(String requirement) {
        return ANSWERS.computeIfAbsent(requirement, OfflinePip::tryDownload);
    }

    /** Whether {@code python3} imports the module without any help. */
    static boolean isImportable(String module) {
        return run(List.of(ScriptModeJob.PYTHON, "-c", "import " + module));
    }

    private static boolean tryDownload(String requirement) {
        try {
            Path dir = Files.createTempDirectory("pip-probe");
            try {
                return run(List.of(ScriptModeJob.PYTHON, "-m", "pip", "download", "--no-deps", "--retries", "0",
                        "--timeout", "10", "-q", "-d", dir.toString(), requirement));
            } finally {
                dev.sagebox.testing.TestFiles.deleteRecursively(dir);
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
