package dev.sagebox.processing.run;

import dev.sagebox.jobs.ObjectFiles;
import dev.sagebox.jobs.ObjectTargets;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.processing.api.ProcessingOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Uploads a job's output directories to {@code <S3Uri>/<relative path>} (CONTRACTS §8.2). {@code Continuous}
 * outputs are swept while the job runs: a file goes up once it looks the same (size and modification time) in two
 * sweeps in a row, so a file still being written is not uploaded half-done, and goes up again if it changes later.
 * The final sweep after exit uploads whatever changed since. Every host uploads to the same {@code S3Uri}, as in the
 * cloud, so hosts that write the same file name overwrite each other.
 */
final class OutputUploader {
    /** One output directory of one host and where it goes. */
    record Target(ProcessingOutput output, Path dir, S3Location destination) {
    }

    private record Seen(long size, FileTime modified) {
    }

    private final ObjectFiles objects;
    private final List<Target> targets;
    private final Map<Path, Seen> lastSweep = new HashMap<>();
    private final Map<Path, Seen> uploaded = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    OutputUploader(ObjectFiles objects, List<Target> targets) {
        this.objects = objects;
        this.targets = List.copyOf(targets);
    }

    boolean hasContinuous() {
        return targets.stream().anyMatch(t -> t.output().s3Output().isContinuous());
    }

    /** A sweep while the job runs: uploads the stable, new or changed files of Continuous outputs. */
    void sweepContinuous() throws IOException {
        lock.lock();
        try {
            for (Target target : targets) {
                if (target.output().s3Output().isContinuous()) {
                    sweep(target, true);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The end of the job: a final sweep of Continuous outputs, and EndOfJob outputs uploaded whole when
     * {@code uploadEndOfJob} (the job Completed or was Stopped; a failed job's EndOfJob outputs stay local).
     */
    void finish(boolean uploadEndOfJob) throws IOException {
        lock.lock();
        try {
            for (Target target : targets) {
                if (target.output().s3Output().isContinuous() || uploadEndOfJob) {
                    sweep(target, false);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void sweep(Target target, boolean onlyStable) throws IOException {
        for (Path file : files(target.dir())) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // the job removed it between the listing and now
            }
            Seen now = new Seen(attributes.size(), attributes.lastModifiedTime());
            Seen before = lastSweep.put(file, now);
            if (now.equals(uploaded.get(file)) || onlyStable && !now.equals(before)) {
                continue;
            }
            String relative = target.dir().relativize(file).toString();
            ObjectTargets.put(objects, file, target.destination().resolve(relative));
            uploaded.put(file, now);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
        }
    }
}
