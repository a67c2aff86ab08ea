package dev.sagebox.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The benchmarks' serving program ({@code src/test/resources/bench/serve.py}): an asyncio server that echoes, or
 * answers {@code 1\n} per line with {@code BENCH_ANSWER=ones}, and writes {@code <port> <pid>} to {@code PORT_FILE}.
 */
public final class BenchProgram {
    private BenchProgram() {
    }

    /** Writes the program as {@code dir/serve}, executable, and maps {@code imagePattern} to {@code dir}. */
    public static void install(Path home, Path dir, String imagePattern) throws IOException {
        Files.createDirectories(dir);
        Path serve = dir.resolve("serve");
        try (InputStream in = BenchProgram.class.getResourceAsStream("/bench/serve.py")) {
            Files.write(serve, in.readAllBytes());
        }
        Files.setPosixFilePermissions(serve, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("process-images.json"),
                "{\"images\": [{\"image\": \"" + imagePattern + "\", \"directory\": \"" + dir + "\"}]}");
    }

    /** The port in a {@code PORT_FILE} the program wrote. */
    public static int port(Path portFile) throws IOException {
        return Integer.parseInt(Files.readString(portFile).trim().split(" ")[0]);
    }
}
