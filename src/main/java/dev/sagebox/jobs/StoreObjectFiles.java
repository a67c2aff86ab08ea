package dev.sagebox.jobs;

import dev.sagebox.aws.AwsException;
import dev.sagebox.objectstore.ObjectMetadata;
import dev.sagebox.objectstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@link ObjectFiles} on Sagebox's own object store: stored objects are immutable files, fit for hard links. */
public final class StoreObjectFiles implements ObjectFiles {
    private final ObjectStore store;

    public StoreObjectFiles(ObjectStore store) {
        this.store = store;
    }

    @Override
    public List<ObjectFiles.ObjectFile> list(String bucket, String prefix) throws IOException {
        try {
            List<ObjectFiles.ObjectFile> objects = new ArrayList<>();
            for (dev.sagebox.objectstore.StoredObject object : store.objects(bucket, prefix)) {
                objects.add(new ObjectFiles.ObjectFile(object.key(), object.file(), object.size()));
            }
            return objects;
        } catch (AwsException e) {
            throw new IOException(describe(e, bucket), e);
        }
    }

    @Override
    public void put(String bucket, String key, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            store.put(bucket, key, in, ObjectMetadata.ofType(contentType(key)), Set.of(), digests -> null);
        } catch (AwsException e) {
            throw new IOException(describe(e, bucket), e);
        }
    }

    private static String contentType(String key) {
        return key.endsWith(".tar.gz") ? "application/x-tar" : ObjectMetadata.DEFAULT_CONTENT_TYPE;
    }

    private static String describe(AwsException e, String bucket) {
        return e.code().equals("NoSuchBucket") ? "The bucket " + bucket + " does not exist" : e.getMessage();
    }
}
