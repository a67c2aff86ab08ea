package dev.sagebox.hosting.serve;

import dev.sagebox.aws.AwsException;
import dev.sagebox.hosting.api.ContainerDefinition;
import dev.sagebox.hosting.api.S3ModelDataSource;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.jobs.TreeRemover;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.objectstore.StoredObject;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPInputStream;

/**
 * Model data staged once per content into {@code <data dir>/hosting/models/<key>}, keyed by the source URI and its
 * ETag (or size and modification time for {@code file://}), and shared read-only by every instance that serves it.
 * Nothing is ever written next to the user's own files.
 */
public final class ModelDataCache {
    private final Path root;
    private final ObjectStore objects;
    /** How long a staging past its limit may take to notice the interrupt and remove its temp directory. */
    private static final Duration CLEANUP_WAIT = Duration.ofSeconds(30);

    private final ReentrantLock lock = new ReentrantLock();

    public ModelDataCache(Path root, ObjectStore objects) {
        this.root = root;
        this.objects = objects;
    }

    /** The directory holding {@code container}'s model data, staging it first if no instance has yet. */
    public Path stage(ContainerDefinition container) throws IOException {
        try {
            if (container.modelDataUrl() != null) {
                return stageTarball(container.modelDataUrl());
            }
            S3ModelDataSource source = container.modelDataSource() == null ? null
                    : container.modelDataSource().s3DataSource();
            if (source != null) {
                return "Gzip".equals(source.compressionType()) ? stageTarball(source.s3Uri()) : stagePrefix(source);
            }
            return prepared("empty", dir -> { });
        } catch (AwsException e) {
            throw new IOException("the model data could not be read: " + e.code() + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #stage(ContainerDefinition)}, giving up after {@code limit} (the variant's
     * {@code ModelDataDownloadTimeoutInSeconds}). The staging thread is interrupted, which stops its reading (file
     * streams ignore interrupts, so reads check for it), and its half-filled temp directory is removed as on any
     * failure, so nothing half-staged is ever served. The failure is reported only once that cleanup is done, so a
     * caller never races an abandoned staging still writing.
     */
    public Path stage(ContainerDefinition container, Duration limit) throws IOException, InterruptedException {
        CompletableFuture<Path> staged = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("sagebox-stage-model").start(() -> {
            try {
                staged.complete(stage(container));
            } catch (IOException | RuntimeException e) {
                staged.completeExceptionally(e);
            }
        });
        try {
            return staged.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            worker.join(CLEANUP_WAIT);
            throw new IOException("staging did not finish within " + limit.toSeconds()
                    + " seconds (ModelDataDownloadTimeoutInSeconds)");
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    private Path stageTarball(String uri) throws IOException {
        S3Location location = S3Location.parse(uri);
        if (location.isFile()) {
            Path file = Path.of(location.key());
            if (Files.isDirectory(file)) {
                // A local directory is served in place, read-only, like a mounted volume in SDK local mode.
                return file;
            }
            if (!Files.isRegularFile(file)) {
                throw new IOException("the model data " + uri + " does not exist");
            }
            String key = uri + "\n" + Files.size(file) + "\n" + Files.getLastModifiedTime(file).toMillis();
            return prepared(digest(key), dir -> extract(file, dir));
        }
        StoredObject object = objects.head(location.bucket(), location.key());
        return prepared(digest(uri + "\n" + object.etag()), dir -> extract(object.file(), dir));
    }

    private Path stagePrefix(S3ModelDataSource source) throws IOException {
        S3Location location = S3Location.parse(source.s3Uri());
        StringBuilder listing = new StringBuilder(source.s3Uri()).append('\n').append(source.s3DataType());
        boolean single = "S3Object".equals(source.s3DataType());
        Iterable<StoredObject> all = single ? java.util.List.of(objects.head(location.bucket(), location.key()))
                : objects.objects(location.bucket(), location.key());
        for (StoredObject object : all) {
            listing.append('\n').append(object.key()).append(' ').append(object.etag());
        }
        return prepared(digest(listing.toString()), dir -> {
            for (StoredObject object : all) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("staging the model data was stopped");
                }
                String relative = single ? object.key().substring(object.key().lastIndexOf('/') + 1)
                        : object.key().substring(location.key().length()).replaceFirst("^/+", "");
                if (relative.isEmpty() || relative.endsWith("/")) {
                    continue;
                }
                Path target = dir.resolve(relative).normalize();
                if (!target.startsWith(dir) || relative.contains("..")) {
                    throw new IOException("refusing model data key outside the model directory: " + object.key());
                }
                Files.createDirectories(target.getParent());
                try {
                    // Stored objects are immutable files (0444), so a hard link shares them safely.
                    Files.createLink(target, object.file());
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(object.file(), target);
                }
            }
        });
    }

    private interface Filler {
        void fill(Path dir) throws IOException;
    }

    /** {@code root/key}, filled through a temp directory and renamed so a half-staged model is never served. */
    private Path prepared(String key, Filler filler) throws IOException {
        Path target = root.resolve(key);
        try {
            // Interruptible, so a staging past its limit that is still queued behind another one ends at once.
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("staging the model data was stopped");
        }
        try {
            if (Files.isDirectory(target)) {
                return target;
            }
            Files.createDirectories(root);
            Path temp = Files.createTempDirectory(root, ".staging-");
            try {
                filler.fill(temp);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    Files.move(temp, target);
                }
            } finally {
                if (Files.exists(temp)) {
                    TreeRemover.remove(temp);
                }
            }
            return target;
        } finally {
            lock.unlock();
        }
    }

    private static void extract(Path tarball, Path dir) throws IOException {
        try (InputStream in = new BufferedInputStream(new StoppableInputStream(Files.newInputStream(tarball)),
                64 * 1024)) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            TarExtractor.extract(gzip ? new GZIPInputStream(in, 64 * 1024) : in, dir);
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends a read once the staging thread is interrupted: {@code Files.newInputStream} streams are uninterruptible. */
    private static final class StoppableInputStream extends FilterInputStream {
        StoppableInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            stopIfInterrupted();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            stopIfInterrupted();
            return super.read(b, off, len);
        }

        private static void stopIfInterrupted() throws InterruptedIOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("staging the model data was stopped");
            }
        }
    }
}
