package dev.sagebox.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The object and part files: {@code blobs/<id[0..2]>/<id>}, written under {@code tmp/} on the same file system, then
 * fsynced, made read-only and renamed into place. A file is never written again once published.
 */
final class BlobFiles {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Set<PosixFilePermission> READ_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path blobs;
    private final Path tmp;
    private final boolean fsync;

    /** @param fsync whether to sync files and directories before publishing (off trades power-loss safety for speed) */
    BlobFiles(Path root, boolean fsync) throws IOException {
        this.fsync = fsync;
        this.blobs = root.resolve("blobs");
        this.tmp = root.resolve("tmp");
        Files.createDirectories(blobs);
        Files.createDirectories(tmp);
    }

    /** A file written and synced under {@code tmp/}, not yet visible under its id. */
    record Pending(String fileId, Path temp, Digests digests) {
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    Path path(String fileId) {
        if (!ID.matcher(fileId).matches()) {
            throw new IllegalStateException("corrupt file id in the object index: " + fileId);
        }
        return blobs.resolve(fileId.substring(0, 2)).resolve(fileId);
    }

    /** Streams {@code in} to a new temp file, computing MD5 and the given checksums on the way. */
    Pending write(InputStream in, Set<ChecksumAlgorithm> algorithms) throws IOException {
        String id = newId();
        Path temp = tmp.resolve(id + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DigestingCopier sink = new DigestingCopier(out, true, algorithms);
            sink.copy(in);
            sync(out);
            return new Pending(id, temp, sink.digests());
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Concatenates part files into a new temp file. Without checksums to compute the copy stays in the kernel; the
     * MD5 of the whole is not needed because a multipart ETag is built from the parts' MD5s.
     */
    Pending concatenate(List<Path> parts, Set<ChecksumAlgorithm> algorithms) throws IOException {
        String id = newId();
        Path temp = tmp.resolve(id + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DigestingCopier sink = new DigestingCopier(out, false, algorithms);
            for (Path part : parts) {
                if (algorithms.isEmpty()) {
                    try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                        long size = in.size();
                        long done = 0;
                        while (done < size) {
                            done += in.transferTo(done, size - done, out);
                        }
                    }
                } else {
                    try (InputStream in = Files.newInputStream(part)) {
                        sink.copy(in);
                    }
                }
            }
            sync(out);
            return new Pending(id, temp, new Digests(out.size(), new byte[0], sink.digests().checksums()));
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Makes a pending file read-only and renames it to its id, atomically; returns the final path. */
    Path publish(Pending pending) throws IOException {
        Path target = path(pending.fileId());
        try {
            Files.setPosixFilePermissions(pending.temp(), READ_ONLY);
        } catch (UnsupportedOperationException ignored) {
            // a file system without POSIX modes: the index still never rewrites the file
        }
        Files.createDirectories(target.getParent());
        Files.move(pending.temp(), target, StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
            syncDirectory(target.getParent());
        }
        return target;
    }

    void discard(Pending pending) {
        try {
            Files.deleteIfExists(pending.temp());
        } catch (IOException ignored) {
            // reaped at the next start
        }
    }

    /** Deletes a published file; a file already gone is fine (hard links made by job staging keep their data). */
    void delete(String fileId) {
        try {
            Files.deleteIfExists(path(fileId));
        } catch (IOException ignored) {
            // an orphan is reaped at the next start
        }
    }

    /** Deletes every temp file and every published file that {@code referenced} does not name; returns the count. */
    int reap(Set<String> referenced) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
                removed++;
            }
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(blobs)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path file : files) {
                        if (!referenced.contains(file.getFileName().toString())) {
                            Files.deleteIfExists(file);
                            removed++;
                        }
                    }
                }
            }
        }
        return removed;
    }

    private void sync(FileChannel channel) throws IOException {
        if (fsync) {
            channel.force(false);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can sync a directory; the rename itself is still atomic
        }
    }
}
