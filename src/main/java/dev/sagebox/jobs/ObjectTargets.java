package dev.sagebox.jobs;

import dev.sagebox.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a job's result file to its target: an object in the store, or for {@code file://} a file, atomically. */
public final class ObjectTargets {
    private ObjectTargets() {
    }

    public static void put(ObjectFiles objects, Path file, S3Location target) throws IOException {
        if (!target.isFile()) {
            objects.put(target.bucket(), target.key(), file);
            return;
        }
        Path destination = Path.of(target.key());
        Files.createDirectories(destination.getParent());
        Path temp = Files.createTempFile(destination.getParent(), "." + destination.getFileName(), ".tmp");
        try {
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.moveDurably(temp, destination);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
