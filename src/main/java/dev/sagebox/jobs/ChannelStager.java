package dev.sagebox.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Stages a channel's data (CONTRACTS §4.3). S3 objects become hard links to the stored files, so staging costs one
 * link per file whatever the size; {@code file://} sources are copied, because linking would let the job write the
 * user's own files. Channel directories are then made read-only.
 */
public final class ChannelStager {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int PARALLEL_FROM = 256;
    private static final int WORKERS = 4;
    private static final boolean RUNNING_AS_ROOT = runningAsRoot();

    private final ObjectFiles objects;
    private final boolean copy;

    /** @param copy stage copies instead of links ({@code sagebox.training.copyChannels}) */
    public ChannelStager(ObjectFiles objects, boolean copy) {
        this.objects = objects;
        this.copy = copy;
    }

    /**
     * The stager for a job that runs {@code sandboxed} (in a container or bwrap, which mount its inputs read-only) or
     * not. A bare host process of a server running as root is the one case where a link is unsafe: root ignores the
     * stored files' 0444, so a job that opened its input for writing would truncate the stored object itself. Such a
     * job gets copies.
     */
    public ChannelStager forJob(boolean sandboxed) {
        return copy || sandboxed || !RUNNING_AS_ROOT ? this : new ChannelStager(objects, true);
    }

    private static boolean runningAsRoot() {
        try {
            // The owner of /proc/self is the process's effective uid.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Stages {@code uri} into {@code dir}; with {@code sharded}, object {@code i} of the sorted keys goes only to host
     * {@code i mod hostCount}.
     */
    public List<StagedFile> stage(String channel, String uri, String dataType, Path dir, int hostIndex,
                                  int hostCount, boolean sharded) throws IOException, StagingException {
        Files.createDirectories(dir);
        S3Location location = S3Location.parse(uri);
        List<Placement> placements = location.isFile() ? local(location) : remote(location, dataType);
        if (placements.isEmpty()) {
            throw new StagingException("No S3 objects found under S3 URL \"" + uri + "\" given in input data source.");
        }
        List<Placement> mine = new ArrayList<>();
        for (int i = 0; i < placements.size(); i++) {
            if (!sharded || i % hostCount == hostIndex) {
                mine.add(placements.get(i));
            }
        }
        return placeAll(channel, mine, dir, location.isFile());
    }

    /**
     * Staging time should grow only with the file count: one link and one stat per file, each directory created once
     * rather than checked for every file in it, and large channels split over a few threads, as link and stat are
     * system calls that wait on the file system rather than on the CPU.
     */
    private List<StagedFile> placeAll(String channel, List<Placement> placements, Path dir, boolean fromUser)
            throws IOException, StagingException {
        Set<Path> directories = ConcurrentHashMap.newKeySet();
        directories.add(dir);
        StagedFile[] staged = new StagedFile[placements.size()];
        int workers = placements.size() < PARALLEL_FROM ? 1 : WORKERS;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int from = w * placements.size() / workers;
                int to = (w + 1) * placements.size() / workers;
                parts.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        staged[i] = place(channel, placements.get(i), dir, fromUser, directories);
                    }
                    return null;
                }));
            }
            for (Future<Void> part : parts) {
                awaitPart(part);
            }
        }
        return List.of(staged);
    }

    private static void awaitPart(Future<Void> part) throws IOException, StagingException {
        try {
            part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("staging was interrupted");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case StagingException staging -> throw staging;
                case RuntimeException runtime -> throw runtime;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    private record Placement(String source, Path from, String relative) {
    }

    private List<Placement> remote(S3Location location, String dataType) throws IOException, StagingException {
        List<ObjectFiles.ObjectFile> found = objects.list(location.bucket(), location.key());
        if ("ManifestFile".equals(dataType)) {
            return manifest(location, found);
        }
        Optional<ObjectFiles.ObjectFile> exact = found.stream().filter(o -> o.key().equals(location.key()))
                .findFirst();
        if (exact.isPresent()) {
            String key = exact.get().key();
            return List.of(new Placement("s3://" + location.bucket() + "/" + key, exact.get().file(),
                    key.substring(key.lastIndexOf('/') + 1)));
        }
        List<Placement> placements = new ArrayList<>();
        for (ObjectFiles.ObjectFile object : found) {
            String relative = object.key().substring(location.key().length()).replaceFirst("^/+", "");
            placements.add(new Placement("s3://" + location.bucket() + "/" + object.key(), object.file(), relative));
        }
        return placements;
    }

    /** A manifest is {@code [{"prefix":"s3://b/p/"},"rel",...]}; each entry lands at its relative path. */
    private List<Placement> manifest(S3Location location, List<ObjectFiles.ObjectFile> found)
            throws IOException, StagingException {
        ObjectFiles.ObjectFile file = found.stream().filter(o -> o.key().equals(location.key())).findFirst()
                .orElseThrow(() -> new StagingException("Manifest file " + location + " does not exist."));
        JsonNode entries = JSON.readTree(file.file().toFile());
        if (!entries.isArray() || entries.isEmpty() || !entries.get(0).has("prefix")) {
            throw new StagingException("Manifest file " + location + " must be [{\"prefix\":\"s3://...\"}, ...].");
        }
        S3Location prefix = S3Location.parse(entries.get(0).get("prefix").asText());
        List<Placement> placements = new ArrayList<>();
        for (int i = 1; i < entries.size(); i++) {
            String relative = entries.get(i).asText();
            String key = prefix.key() + relative;
            ObjectFiles.ObjectFile object = objects.list(prefix.bucket(), key).stream()
                    .filter(o -> o.key().equals(key)).findFirst()
                    .orElseThrow(() -> new StagingException("Object s3://" + prefix.bucket() + "/" + key
                            + " listed in manifest " + location + " does not exist."));
            placements.add(new Placement("s3://" + prefix.bucket() + "/" + key, object.file(), relative));
        }
        return placements;
    }

    private static List<Placement> local(S3Location location) throws IOException, StagingException {
        Path source = Path.of(location.key());
        if (Files.isRegularFile(source)) {
            return List.of(new Placement(location.toString(), source, source.getFileName().toString()));
        }
        if (!Files.isDirectory(source)) {
            throw new StagingException("No files found under \"" + location + "\" given in input data source.");
        }
        try (Stream<Path> files = Files.walk(source)) {
            return files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder())
                    .map(f -> new Placement("file://" + f, f, source.relativize(f).toString())).toList();
        }
    }

    private StagedFile place(String channel, Placement placement, Path dir, boolean fromUser, Set<Path> directories)
            throws IOException, StagingException {
        if (placement.relative().isEmpty() || placement.relative().endsWith("/")) {
            Path directory = dir.resolve(placement.relative()).normalize();
            requireInside(dir, directory, placement.source());
            Files.createDirectories(directory);
            return new StagedFile(placement.source(), channel, directory, 0, Files.getLastModifiedTime(directory));
        }
        Path target = dir.resolve(placement.relative()).normalize();
        requireInside(dir, target, placement.source());
        if (directories.add(target.getParent())) {
            Files.createDirectories(target.getParent());
        }
        if (copy || fromUser) {
            Files.copy(placement.from(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));
        } else {
            try {
                Files.createLink(target, placement.from());
            } catch (FileAlreadyExistsException e) {
                throw new StagingException("Objects " + placement.source() + " and another map to the same file "
                        + dir.relativize(target) + ".");
            }
        }
        BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
        return new StagedFile(placement.source(), channel, target, attributes.size(), attributes.lastModifiedTime());
    }

    private static void requireInside(Path dir, Path target, String source) throws StagingException {
        if (!target.startsWith(dir)) {
            throw new StagingException("Object " + source + " would be staged outside its channel directory.");
        }
    }

    /** The first staged file whose size or modification time changed, if a job wrote to its input. */
    public static Optional<StagedFile> firstModified(List<StagedFile> staged) throws IOException {
        for (StagedFile file : staged) {
            if (Files.isDirectory(file.path())) {
                continue;
            }
            if (!Files.exists(file.path()) || Files.size(file.path()) != file.size()
                    || !Files.getLastModifiedTime(file.path()).equals(file.modified())) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Sets every directory under {@code dir} (inclusive) to r-x, or back to rwx after the job. */
    public static void setDirectoriesWritable(Path dir, boolean writable) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString(writable ? "rwxr-xr-x" : "r-xr-xr-x");
        // One stat per entry (walkFileTree hands over the attributes it read); a channel may hold many files.
        List<Path> dirs = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attributes) {
                dirs.add(d);
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path d : writable ? dirs : dirs.reversed()) {
            Files.setPosixFilePermissions(d, mode);
        }
    }
}
