package dev.sagebox.objectstore;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.state.Schema;
import dev.sagebox.state.SqlWork;
import dev.sagebox.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets and objects under {@code <data dir>/objects}. Each object is one immutable file named by a generated id
 * (mode 0444, never rewritten); the index row in the state database maps (bucket, key) to it. An overwrite writes a
 * new file and swaps the row in one transaction, then deletes the old file, so readers, crashes and hard links made
 * for job staging only ever see complete objects.
 */
public final class ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
    private static final int OPEN_ATTEMPTS = 5;

    private final StateStore state;
    private final BlobFiles files;
    private final ObjectIndex index;
    private final MultipartUploads multipart;

    private ObjectStore(StateStore state, BlobFiles files) {
        this.state = state;
        this.files = files;
        this.index = new ObjectIndex(files);
        this.multipart = new MultipartUploads(this, state, files);
    }

    /** The tables this feature needs; pass it to {@link StateStore#open}. */
    public static Schema schema() {
        return ObjectIndex.SCHEMA;
    }

    /**
     * Opens the store under {@code dataDir/objects} and removes what a crash left behind: temp files and files that
     * no index row references.
     */
    public static ObjectStore open(Path dataDir, StateStore state) throws IOException {
        return open(dataDir, state, true);
    }

    /**
     * As {@link #open(Path, StateStore)}; with {@code fsync} false, object files are not synced before they are
     * published. A process crash still never exposes a partial object (the rename is atomic and the page cache
     * survives), but a power loss may.
     */
    public static ObjectStore open(Path dataDir, StateStore state, boolean fsync) throws IOException {
        BlobFiles files = new BlobFiles(dataDir.resolve("objects"), fsync);
        Set<String> referenced = state.read(ObjectIndex::referencedFileIds);
        int reaped = files.reap(referenced);
        if (reaped > 0) {
            LOG.info("removed {} leftover object files from an interrupted write", reaped);
        }
        return new ObjectStore(state, files);
    }

    public MultipartUploads multipart() {
        return multipart;
    }

    // --- buckets

    /**
     * Creates a bucket. Re-creating one's own bucket succeeds in us-east-1 (legacy S3 behaviour that boto3 relies
     * on) and is {@code BucketAlreadyOwnedByYou} elsewhere.
     */
    public Bucket createBucket(String name, String region) {
        S3Names.requireValidBucketName(name);
        return state.write(c -> {
            Bucket existing = ObjectIndex.bucket(c, name);
            if (existing != null) {
                if ("us-east-1".equals(region)) {
                    return existing;
                }
                throw S3Error.BUCKET_ALREADY_OWNED_BY_YOU.exception(Map.of("BucketName", name));
            }
            Bucket bucket = new Bucket(name, region, now());
            ObjectIndex.insertBucket(c, bucket);
            return bucket;
        });
    }

    /** The bucket, or {@code NoSuchBucket}. */
    public Bucket bucket(String name) {
        Bucket bucket = state.read(c -> ObjectIndex.bucket(c, name));
        if (bucket == null) {
            throw noSuchBucket(name);
        }
        return bucket;
    }

    public List<Bucket> buckets() {
        return state.read(ObjectIndex::buckets);
    }

    /** Deletes an empty bucket, aborting its unfinished multipart uploads; {@code BucketNotEmpty} otherwise. */
    public void deleteBucket(String name) {
        List<String> partFiles = state.write(c -> {
            if (ObjectIndex.bucket(c, name) == null) {
                throw noSuchBucket(name);
            }
            if (ObjectIndex.hasObjects(c, name)) {
                throw S3Error.BUCKET_NOT_EMPTY.exception(Map.of("BucketName", name));
            }
            List<String> removed = UploadIndex.deleteUploadsOf(c, name);
            ObjectIndex.deleteBucket(c, name);
            return removed;
        });
        partFiles.forEach(files::delete);
    }

    // --- objects

    /**
     * Streams {@code body} into a new object, computing MD5 and {@code compute} on the way. {@code verify} sees the
     * digests before anything becomes visible; it may throw (e.g. {@code BadDigest}) to discard the upload, and
     * returns the checksum to store, or null.
     */
    public StoredObject put(String bucket, String key, InputStream body, ObjectMetadata metadata,
                            Set<ChecksumAlgorithm> compute, Function<Digests, Checksum> verify) throws IOException {
        S3Names.requireValidKey(key);
        bucket(bucket);
        BlobFiles.Pending pending = files.write(body, compute);
        Checksum checksum;
        try {
            checksum = verify.apply(pending.digests());
        } catch (RuntimeException | Error e) {
            files.discard(pending);
            throw e;
        }
        Digests digests = pending.digests();
        return commit(pending, new StoredObject(bucket, key, digests.size(), digests.etag(), now(), metadata,
                checksum, List.of(), null));
    }

    /** Publishes a pending file and points the key at it; deletes the file it replaced after the commit. */
    StoredObject commit(BlobFiles.Pending pending, StoredObject object) throws IOException {
        return commit(pending, object, c -> null);
    }

    /** As {@link #commit(BlobFiles.Pending, StoredObject)}, running {@code alsoInTransaction} in the same commit. */
    StoredObject commit(BlobFiles.Pending pending, StoredObject object, SqlWork<?> alsoInTransaction)
            throws IOException {
        Path file;
        try {
            file = files.publish(pending);
        } catch (IOException | RuntimeException e) {
            files.discard(pending);
            throw e;
        }
        StoredObject stored = new StoredObject(object.bucket(), object.key(), object.size(), object.etag(),
                object.lastModified(), object.metadata(), object.checksum(), object.partSizes(), file);
        String replaced;
        try {
            replaced = state.write(c -> {
                if (ObjectIndex.bucket(c, object.bucket()) == null) {
                    throw noSuchBucket(object.bucket());
                }
                alsoInTransaction.apply(c);
                return ObjectIndex.upsert(c, pending.fileId(), stored);
            });
        } catch (RuntimeException e) {
            files.delete(pending.fileId());
            throw e;
        }
        if (replaced != null) {
            files.delete(replaced);
        }
        return stored;
    }

    /** The object's index record, or {@code NoSuchBucket}/{@code NoSuchKey}. */
    public StoredObject head(String bucket, String key) {
        StoredObject object = state.read(c -> {
            if (ObjectIndex.bucket(c, bucket) == null) {
                throw noSuchBucket(bucket);
            }
            return index.find(c, bucket, key);
        });
        if (object == null) {
            throw S3Error.NO_SUCH_KEY.exception(Map.of("Key", key));
        }
        return object;
    }

    /**
     * Opens the object for reading. Retries when an overwrite deleted the file between the index read and the open,
     * so a reader never sees a spurious 404 for a key that exists throughout.
     */
    public OpenObject open(String bucket, String key) throws IOException {
        NoSuchFileException last = null;
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            StoredObject object = head(bucket, key);
            try {
                return new OpenObject(object, FileChannel.open(object.file(), StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * The stored file of an object, for job staging. The file is immutable (mode 0444, never rewritten; an overwrite
     * writes a new file), so hard-linking it is safe: the link keeps the old bytes even after the key changes.
     */
    public Path storedFile(String bucket, String key) {
        return head(bucket, key).file();
    }

    /** Deletes the object; deleting a missing key succeeds, as in S3. */
    public void delete(String bucket, String key) {
        String fileId = state.write(c -> {
            if (ObjectIndex.bucket(c, bucket) == null) {
                throw noSuchBucket(bucket);
            }
            return ObjectIndex.delete(c, bucket, key);
        });
        if (fileId != null) {
            files.delete(fileId);
        }
    }

    /**
     * Copies an object into a new single-part object: its ETag is the MD5 of the data. The source's checksum
     * algorithm, if any, is recomputed over the whole object.
     *
     * @param metadata the new metadata (REPLACE), or null to keep the source's (COPY)
     */
    public StoredObject copy(String sourceBucket, String sourceKey, String bucket, String key,
                             ObjectMetadata metadata) throws IOException {
        S3Names.requireValidKey(key);
        bucket(bucket);
        try (OpenObject source = open(sourceBucket, sourceKey);
             InputStream in = java.nio.channels.Channels.newInputStream(source.channel())) {
            Checksum sourceChecksum = source.object().checksum();
            Set<ChecksumAlgorithm> compute = sourceChecksum == null ? Set.of() : Set.of(sourceChecksum.algorithm());
            BlobFiles.Pending pending = files.write(in, compute);
            Digests digests = pending.digests();
            Checksum checksum = sourceChecksum == null ? null : new Checksum(sourceChecksum.algorithm(),
                    java.util.Base64.getEncoder().encodeToString(digests.checksums().get(sourceChecksum.algorithm())),
                    ChecksumType.FULL_OBJECT);
            ObjectMetadata kept = metadata != null ? metadata : source.object().metadata();
            return commit(pending, new StoredObject(bucket, key, digests.size(), digests.etag(), now(), kept,
                    checksum, List.of(), null));
        }
    }

    /** One page of a listing. */
    public ListPage list(String bucket, ListQuery query) {
        return state.read(c -> {
            if (ObjectIndex.bucket(c, bucket) == null) {
                throw noSuchBucket(bucket);
            }
            return new ObjectListing(index, c, bucket, query).run();
        });
    }

    /**
     * Every object under {@code prefix} in key order (UTF-8 binary), fetched a page at a time: what job staging walks
     * to hard-link a channel. Each page is a consistent snapshot; objects written during the walk may be missed.
     */
    public Iterable<StoredObject> objects(String bucket, String prefix) {
        return objects(bucket, prefix, 1000);
    }

    Iterable<StoredObject> objects(String bucket, String prefix, int pageSize) {
        bucket(bucket);
        return () -> new Iterator<>() {
            private ListPage page = list(bucket, ListQuery.under(prefix, pageSize));
            private int next;

            @Override
            public boolean hasNext() {
                if (next >= page.contents().size() && page.isTruncated()) {
                    page = list(bucket, new ListQuery(prefix, null, pageSize, null, page.nextToken()));
                    next = 0;
                }
                return next < page.contents().size();
            }

            @Override
            public StoredObject next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.contents().get(next++);
            }
        };
    }

    static Instant now() {
        // S3 reports modification times to the second; keeping that precision makes If-Modified-Since exact.
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static AwsException noSuchBucket(String name) {
        return S3Error.NO_SUCH_BUCKET.exception(Map.of("BucketName", name));
    }
}
