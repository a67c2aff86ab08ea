package dev.sagebox.cloud;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * CRC32s that had to be computed by reading a source object (one stored without a full-object CRC32, e.g. uploaded
 * in parts), kept in {@code checksums.json} next to the upload journals' folder and keyed by bucket, key, ETag and
 * size, so a repeat promotion does not read the whole channel again to learn that nothing changed.
 */
final class ChecksumCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private Map<String, String> entries;

    /** @param journals the upload journals' folder; the cache sits beside it */
    ChecksumCache(Path journals) {
        this.file = journals.resolveSibling("checksums.json");
    }

    static String key(CopyItem item, String etag) {
        return item.sourceBucket() + "\n" + item.sourceKey() + "\n" + etag + "\n" + item.size();
    }

    String get(String key) {
        lock.lock();
        try {
            return load().get(key);
        } finally {
            lock.unlock();
        }
    }

    void put(String key, String crc32) throws IOException {
        lock.lock();
        try {
            load().put(key, crc32);
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, JSON.writeValueAsBytes(entries));
        } finally {
            lock.unlock();
        }
    }

    private Map<String, String> load() {
        if (entries == null) {
            try {
                entries = Files.isRegularFile(file) ? JSON.readValue(file.toFile(), new TypeReference<>() { })
                        : new HashMap<>();
            } catch (IOException e) {
                entries = new HashMap<>();  // a cache we cannot read only costs a re-read
            }
        }
        return entries;
    }
}
