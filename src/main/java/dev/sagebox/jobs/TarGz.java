package dev.sagebox.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes gzip'd tar archives of a directory as SageMaker does for {@code model.tar.gz}: entries relative to the
 * directory with no {@code ./} prefix, symlinks followed, POSIX ustar headers and GNU long names past 100 bytes
 * (read by Python's tarfile and GNU tar alike).
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** Archives the contents of {@code dir} into {@code target}. */
    public static void write(Path dir, Path target) throws IOException {
        write(List.of(dir), target);
    }

    /**
     * Archives the merged contents of {@code dirs} into {@code target}; where several hold the same relative path,
     * the earlier directory wins (per-host model directories merge with algo-1 first, CONTRACTS §3.4).
     */
    public static void write(List<Path> dirs, Path target) throws IOException {
        Map<String, Path> entries = new TreeMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
                walk.filter(p -> !p.equals(dir))
                        .forEach(p -> entries.putIfAbsent(dir.relativize(p).toString().replace('\\', '/'), p));
            }
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target), 64 * 1024)) {
            for (Map.Entry<String, Path> entry : entries.entrySet()) {
                Path path = entry.getValue();
                if (Files.isDirectory(path)) {
                    header(out, entry.getKey() + "/", 0, '5', 0755);
                } else if (Files.isRegularFile(path)) {
                    long size = Files.size(path);
                    header(out, entry.getKey(), size, '0', Files.isExecutable(path) ? 0755 : 0644);
                    try (InputStream in = Files.newInputStream(path)) {
                        long copied = in.transferTo(out);
                        pad(out, copied);
                    }
                }
            }
            out.write(new byte[BLOCK * 2]);
        }
    }

    /** Whether {@code dir} holds anything at all (output.tar.gz is written only then). */
    public static boolean hasEntries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isPresent();
        }
    }

    private static void header(OutputStream out, String name, long size, char type, int mode) throws IOException {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 100) {
            // GNU long name: a pseudo-entry whose data is the full name.
            block(out, "././@LongLink".getBytes(StandardCharsets.US_ASCII), bytes.length + 1, 'L', 0644);
            out.write(bytes);
            out.write(0);
            pad(out, bytes.length + 1);
            bytes = java.util.Arrays.copyOf(bytes, 100);
        }
        block(out, bytes, size, type, mode);
    }

    private static void block(OutputStream out, byte[] name, long size, char type, int mode) throws IOException {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, System.currentTimeMillis() / 1000);
        h[156] = (byte) type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        out.write(h);
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String text = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - text.length())) + text;
        byte[] digits = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, h, offset, Math.min(digits.length, length - 1));
        h[offset + length - 1] = 0;
    }

    private static void pad(OutputStream out, long written) throws IOException {
        int rest = (int) (written % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }
}
