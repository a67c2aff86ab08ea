package dev.sagebox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sagebox up} refusing to start: one clear line on stderr, no stack trace, exit code 1. */
class UpCommandTest {
    @TempDir
    Path home;

    @Test
    void up_verifyWithoutCredentialsFile_refusesInOneLine() {
        Run run = up("--auth", "verify");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("sagebox: sagebox.auth is 'verify' but " + home.resolve("credentials")
                + " does not exist; create it in the AWS shared-credentials format ([default] with "
                + "aws_access_key_id and aws_secret_access_key) and chmod 600 it\n");
        assertThat(home.resolve("state.db")).doesNotExist();
    }

    @Test
    void up_verifyWithGroupReadableCredentials_refusesWithChmodHint() throws IOException {
        Path file = home.resolve("credentials");
        Files.writeString(file, "[default]\naws_access_key_id=a\naws_secret_access_key=b\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Run run = up("--auth", "verify");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("sagebox: " + file + " is accessible by other users (mode rw-r--r--); "
                + "run: chmod 600 " + file + "\n");
    }

    @Test
    void up_unknownAuthMode_refusesInOneLine() {
        Run run = up("--auth", "sometimes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("sagebox: sagebox.auth must be 'off' or 'verify', not 'sometimes'\n");
    }

    private record Run(int exitCode, String stderr) {
    }

    private Run up(String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "up";
        args[1] = "--data-dir";
        args[2] = home.toString();
        args[3] = "--port";
        args[4] = "0";
        System.arraycopy(options, 0, args, 5, options.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // A start that wrongly succeeds would serve forever: fail instead of hanging the build.
            int code = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> new CommandLine(new SageboxCommand()).execute(args));
            return new Run(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
