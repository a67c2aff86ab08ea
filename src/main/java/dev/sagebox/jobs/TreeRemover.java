package dev.sagebox.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes a job tree that Sagebox created, including directories it had made read-only. */
public final class TreeRemover {
    private TreeRemover() {
    }

    public static void remove(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        ChannelStager.setDirectoriesWritable(root, true);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            if (!Files.isSymbolicLink(path) && Files.isDirectory(path)) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.delete(path);
        }
    }
}
