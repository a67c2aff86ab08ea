package dev.sagebox.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Keeps a host's checkpoint directory and {@code CheckpointConfig.S3Uri} in step (CONTRACTS §3.4): restored before
 * the start, then files that changed are uploaded on each {@link #upload()} (every 10 s and at exit). Restored files
 * are copies, since checkpoints are written in place by the job.
 */
public final class CheckpointSync {
    private record Seen(long size, FileTime modified) {
    }

    private final ObjectFiles objects;
    private final S3Location remote;
    private final Path local;
    private final Map<String, Seen> uploaded = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public CheckpointSync(ObjectFiles objects, String uri, Path local) {
        this.objects = objects;
        this.remote = S3Location.parse(uri);
        this.local = local;
    }

    /** Copies whatever is stored under the URI into the local directory. */
    public void restore() throws IOException {
        Files.createDirectories(local);
        if (remote.isFile()) {
            Path source = Path.of(remote.key());
            if (Files.isDirectory(source)) {
                copyTree(source, local);
            }
            return;
        }
        String prefix = remote.key().isEmpty() || remote.key().endsWith("/") ? remote.key() : remote.key() + "/";
        for (ObjectFiles.ObjectFile object : objects.list(remote.bucket(), prefix)) {
            String relative = object.key().substring(prefix.length());
            Path target = local.resolve(relative).normalize();
            if (relative.isEmpty() || relative.endsWith("/") || !target.startsWith(local)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.copy(object.file(), target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setWritable(true, true);
            uploaded.put(relative, new Seen(Files.size(target), Files.getLastModifiedTime(target)));
        }
    }

    /** Uploads files that are new or changed since the last upload. */
    public void upload() throws IOException {
        lock.lock();
        try {
            if (!Files.isDirectory(local)) {
                return;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(local)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String relative = local.relativize(file).toString();
                Seen now = new Seen(Files.size(file), Files.getLastModifiedTime(file));
                if (now.equals(uploaded.get(relative))) {
                    continue;
                }
                S3Location target = remote.resolve(relative);
                if (target.isFile()) {
                    Path destination = Path.of(target.key());
                    Files.createDirectories(destination.getParent());
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    objects.put(target.bucket(), target.key(), file);
                }
                uploaded.put(relative, now);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path destination = target.resolve(source.relativize(file).toString());
            Files.createDirectories(destination.getParent());
            Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
