package dev.sagebox.scriptmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The program's own summary of a host's run. The emulated container exits 1 on any failure, as the toolkit does, so
 * the script's own exit code (what {@code ExitCode} reports) is only known from here or from {@code output/failure}.
 *
 * @param exitCode       the program's exit code: 0, 1 on failure, 128+n when stopped by signal n
 * @param scriptExitCode the user's process's exit code (128+n when killed by signal n), or null if it never ran
 * @param error          {@code ExecuteUserScriptError}, {@code InstallRequirementsError}, {@code InstallModuleError},
 *                       {@code ClientError}, {@code FrameworkError}, or null on success and on stop
 * @param stopped        whether a SIGTERM or SIGINT stopped the run (then neither success nor failure is written)
 */
public record ScriptModeResult(int exitCode, Integer scriptExitCode, String error, boolean stopped) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a result file; empty when the program never wrote one (it was killed outright). */
    public static Optional<ScriptModeResult> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(bytes);
        JsonNode script = node.path("scriptExitCode");
        JsonNode error = node.path("error");
        return Optional.of(new ScriptModeResult(node.path("exitCode").asInt(1),
                script.isIntegralNumber() ? script.asInt() : null, error.isTextual() ? error.asText() : null,
                node.path("stopped").asBoolean(false)));
    }

    public boolean isSuccess() {
        return exitCode == 0 && !stopped;
    }
}
