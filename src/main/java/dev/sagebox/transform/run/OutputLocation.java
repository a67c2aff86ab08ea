package dev.sagebox.transform.run;

import dev.sagebox.aws.AwsException;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.objectstore.ObjectMetadata;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.state.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where a transform job's outputs go: {@code <S3OutputPath>/<relative key>.out}, with no job-name segment (AWS; SDK
 * local mode inserts one). Each output is published whole from a finished temp file, in one object-store commit or
 * one rename, so a reader never sees part of an output.
 */
final class OutputLocation {
    private final ObjectStore store;
    private final S3Location root;
    private final String contentType;

    OutputLocation(ObjectStore store, String s3OutputPath, String accept) {
        this.store = store;
        this.root = S3Location.parse(s3OutputPath);
        this.contentType = accept == null || accept.isBlank() ? ObjectMetadata.DEFAULT_CONTENT_TYPE : accept;
    }

    /** The URI the output of {@code relative} gets. */
    String uriOf(String relative) {
        return root.resolve(relative + ".out").toString();
    }

    /** Fails early, before any container works, when the output bucket does not exist. */
    void check() throws IOException {
        if (!root.isFile()) {
            try {
                store.bucket(root.bucket());
            } catch (AwsException e) {
                throw new IOException("The output bucket " + root.bucket() + " does not exist");
            }
        }
    }

    /** Publishes {@code finished} as the output of {@code relative}; the temp file is consumed. */
    void publish(String relative, Path finished) throws IOException {
        S3Location target = root.resolve(relative + ".out");
        if (target.isFile()) {
            Path file = Path.of(target.key()).normalize();
            if (!file.startsWith(Path.of(root.key()).normalize())) {
                throw new IOException("the output path of " + relative + " escapes " + root);
            }
            Files.createDirectories(file.getParent());
            AtomicFiles.moveDurably(finished, file);
            return;
        }
        try (InputStream in = Files.newInputStream(finished)) {
            store.put(target.bucket(), target.key(), in, ObjectMetadata.ofType(contentType), Set.of(), d -> null);
        } catch (AwsException e) {
            throw new IOException("could not store " + target + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(finished);
        }
    }
}
