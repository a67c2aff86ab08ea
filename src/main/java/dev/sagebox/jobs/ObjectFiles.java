package dev.sagebox.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The object store as jobs use it: stored objects as files (so channels can be hard links to them) and a way to
 * store a finished artifact. {@code Sagebox.java} adapts the object store to this.
 */
public interface ObjectFiles {
    /** One stored object: its key, the file that holds its bytes (never rewritten in place) and its size. */
    record ObjectFile(String key, Path file, long size) {
    }

    /**
     * The objects whose keys start with {@code prefix}, sorted by key.
     *
     * @throws IOException with a message for the user when the bucket does not exist
     */
    List<ObjectFile> list(String bucket, String prefix) throws IOException;

    /** Stores the bytes of {@code file} as {@code bucket/key}, replacing any object there. */
    void put(String bucket, String key, Path file) throws IOException;

    /** For servers without an object store: every call fails with a message that says so. */
    static ObjectFiles unavailable() {
        return new ObjectFiles() {
            @Override
            public List<ObjectFile> list(String bucket, String prefix) throws IOException {
                throw new IOException("S3 is not available in this server; use file:// URIs");
            }

            @Override
            public void put(String bucket, String key, Path file) throws IOException {
                throw new IOException("S3 is not available in this server; use file:// URIs");
            }
        };
    }
}
