package dev.sagebox.hosting.serve;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Extracts a tar stream (ustar, GNU long names, pax path records) into a fresh directory, refusing entries that
 * would land outside it: absolute paths, {@code ..}, device or FIFO entries, and links whose target escapes. A model
 * tarball comes from a user and must not be able to write anywhere else on the host.
 */
final class TarExtractor {
    private static final int BLOCK = 512;

    private TarExtractor() {
    }

    static void extract(InputStream in, Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        String longName = null;
        String longLink = null;
        byte[] header = new byte[BLOCK];
        while (readBlock(in, header)) {
            if (isZero(header)) {
                return;
            }
            String name = longName != null ? longName : name(header);
            String link = longLink != null ? longLink : field(header, 157, 100);
            longName = null;
            longLink = null;
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            switch (type) {
                case 'L' -> longName = trimNul(new String(readData(in, size), StandardCharsets.UTF_8));
                case 'K' -> longLink = trimNul(new String(readData(in, size), StandardCharsets.UTF_8));
                case 'x' -> longName = paxPath(readData(in, size));
                case 'g' -> readData(in, size);
                case '5' -> Files.createDirectories(safe(base, name));
                case '0', '\0', '7' -> writeFile(in, safe(base, name), size, (int) octal(header, 100, 8));
                case '2' -> symlink(base, safe(base, name), link);
                case '1' -> hardLink(base, safe(base, name), link);
                default -> throw new IOException("the model archive holds " + name
                        + ", a device or special file, which is refused");
            }
        }
    }

    private static Path safe(Path base, String name) throws IOException {
        if (name.startsWith("/") || name.isEmpty()) {
            throw new IOException("the model archive holds an absolute path: " + name);
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new IOException("the model archive holds a path with '..': " + name);
            }
        }
        Path target = base.resolve(name).normalize();
        if (!target.startsWith(base)) {
            throw new IOException("the model archive holds a path outside the model directory: " + name);
        }
        return target;
    }

    private static void writeFile(InputStream in, Path target, long size, int mode) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            copy(in, out, size);
        }
        skipPadding(in, size);
        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        Files.setPosixFilePermissions(target, perms);
    }

    private static void symlink(Path base, Path target, String link) throws IOException {
        Path resolved = link.startsWith("/") ? Path.of(link).normalize() : target.getParent().resolve(link).normalize();
        if (!resolved.startsWith(base)) {
            throw new IOException("the model archive holds a link pointing outside the model directory: "
                    + base.relativize(target) + " -> " + link);
        }
        Files.createDirectories(target.getParent());
        Files.createSymbolicLink(target, target.getParent().relativize(resolved));
    }

    private static void hardLink(Path base, Path target, String link) throws IOException {
        Path source = safe(base, link);
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
    }

    private static String paxPath(byte[] records) {
        String text = new String(records, StandardCharsets.UTF_8);
        String path = null;
        int i = 0;
        while (i < text.length()) {
            int space = text.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int length = Integer.parseInt(text.substring(i, space));
            String record = text.substring(space + 1, Math.min(text.length(), i + length - 1));
            if (record.startsWith("path=")) {
                path = record.substring(5);
            }
            i += length;
        }
        return path;
    }

    private static String name(byte[] header) {
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = 0;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        String text = field(header, offset, length).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("the model archive is not a valid tar file", e);
        }
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("the model archive has an oversized header record");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("the model archive ends early");
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the model archive ends early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (in.readNBytes(pad).length != pad) {
            throw new EOFException("the model archive ends early");
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("the model archive ends early");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
