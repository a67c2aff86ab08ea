package dev.sagebox.cli;

import dev.sagebox.jobs.TarGz;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The demo's data set and script-mode source directory: a line y = 3x + 2, and a stdlib least-squares fit. */
final class DemoFiles {
    static final double SLOPE = 3;
    static final double INTERCEPT = 2;

    private DemoFiles() {
    }

    /** Twenty rows {@code x,y} on the line, with a small deterministic wobble that cancels out. */
    static byte[] dataset() {
        StringBuilder csv = new StringBuilder();
        for (int x = 0; x < 20; x++) {
            double wobble = (x % 2 == 0 ? 0.05 : -0.05);
            csv.append(String.format(Locale.ROOT, "%d,%.2f%n", x, SLOPE * x + INTERCEPT + wobble));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static double expected(double x) {
        return SLOPE * x + INTERCEPT;
    }

    /** Writes train.py and inference.py into {@code dir/source} and returns {@code dir/sourcedir.tar.gz}. */
    static Path sourceTarball(Path dir) throws IOException {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("train.py"), resource("train.py"));
        Files.writeString(source.resolve("inference.py"), resource("inference.py"));
        Path tarball = dir.resolve("sourcedir.tar.gz");
        TarGz.write(source, tarball);
        return tarball;
    }

    private static String resource(String name) {
        try (InputStream in = DemoFiles.class.getResourceAsStream("demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/sagebox/cli/demo/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
