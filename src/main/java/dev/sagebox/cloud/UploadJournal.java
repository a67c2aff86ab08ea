package dev.sagebox.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one resumable multipart upload, a JSON file under {@code <data dir>/promote/uploads/}: the target
 * upload id and each part's ETag and CRC32 once the target acknowledged it. The file is keyed by the target object and
 * the source's size and CRC32, not by the endpoint, so a target that comes back on another port still resumes.
 */
final class UploadJournal {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The persisted form. */
    record State(String bucket, String key, String uploadId, long size, String crc32, long partSize,
                 Map<Integer, Part> parts) {
    }

    /** A part the target acknowledged. */
    record Part(String etag, String crc32) {
    }

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private State state;

    private UploadJournal(Path file, State state) {
        this.file = file;
        this.state = state;
    }

    /** The journal for uploading {@code item} with CRC32 {@code crc32}, if an earlier run left one. */
    static Optional<UploadJournal> find(Path dir, CopyItem item, String crc32) throws IOException {
        Path file = dir.resolve(name(item, crc32));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UploadJournal(file, JSON.readValue(file.toFile(), State.class)));
        } catch (IOException e) {
            Files.deleteIfExists(file);  // a journal we cannot read only costs a fresh upload
            return Optional.empty();
        }
    }

    static UploadJournal start(Path dir, CopyItem item, String crc32, String uploadId, long partSize)
            throws IOException {
        UploadJournal journal = new UploadJournal(dir.resolve(name(item, crc32)), new State(item.targetBucket(),
                item.targetKey(), uploadId, item.size(), crc32, partSize, new TreeMap<>()));
        journal.save();
        return journal;
    }

    State state() {
        return state;
    }

    /** Keeps only {@code parts} (those the target still lists), then saves. */
    void retain(Map<Integer, Part> parts) throws IOException {
        state = new State(state.bucket(), state.key(), state.uploadId(), state.size(), state.crc32(),
                state.partSize(), new TreeMap<>(parts));
        save();
    }

    /** Records a part; parts of one upload are acknowledged from several threads. */
    void acknowledged(int partNumber, Part part) throws IOException {
        lock.lock();
        try {
            state.parts().put(partNumber, part);
            save();
        } finally {
            lock.unlock();
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, JSON.writeValueAsBytes(state));
    }

    private static String name(CopyItem item, String crc32) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((item.targetBucket() + "\n"
                    + item.targetKey() + "\n" + item.size() + "\n" + crc32).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
