package dev.sagebox.objectstore;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Multipart uploads: parts are immutable files like objects; completing one concatenates them into a new object
 * file and, in the same transaction, swaps the key's row and drops the upload.
 */
public final class MultipartUploads {
    /** S3's minimum size for every part but the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final int MAX_PART_NUMBER = 10_000;

    private final ObjectStore store;
    private final StateStore state;
    private final BlobFiles files;
    private final UploadIndex uploads;

    MultipartUploads(ObjectStore store, StateStore state, BlobFiles files) {
        this.store = store;
        this.state = state;
        this.files = files;
        this.uploads = new UploadIndex(files);
    }

    /**
     * Starts an upload. Without a type, CRC64NVME defaults to FULL_OBJECT and the other algorithms to COMPOSITE, as
     * in S3; FULL_OBJECT with a non-CRC algorithm is refused.
     */
    public MultipartUpload create(String bucket, String key, ObjectMetadata metadata, ChecksumAlgorithm algorithm,
                                  ChecksumType type) {
        S3Names.requireValidKey(key);
        ChecksumType effective = type;
        if (algorithm == null) {
            effective = null;
        } else if (effective == null) {
            effective = algorithm == ChecksumAlgorithm.CRC64NVME ? ChecksumType.FULL_OBJECT : ChecksumType.COMPOSITE;
        }
        if (effective == ChecksumType.FULL_OBJECT && !algorithm.isCrc()
                || effective == ChecksumType.COMPOSITE && algorithm == ChecksumAlgorithm.CRC64NVME) {
            throw new AwsException(S3Error.INVALID_REQUEST, "The " + algorithm + " checksum algorithm does not "
                    + "support the " + effective + " checksum type.");
        }
        MultipartUpload upload = new MultipartUpload(BlobFiles.newId(), bucket, key, metadata, algorithm, effective,
                ObjectStore.now());
        state.write(c -> {
            if (ObjectIndex.bucket(c, bucket) == null) {
                throw ObjectStore.noSuchBucket(bucket);
            }
            UploadIndex.insert(c, upload);
            return null;
        });
        return upload;
    }

    /** The upload, or {@code NoSuchUpload} when it is unknown, finished, or belongs to another key. */
    public MultipartUpload upload(String bucket, String key, String uploadId) {
        MultipartUpload upload = state.read(c -> {
            if (ObjectIndex.bucket(c, bucket) == null) {
                throw ObjectStore.noSuchBucket(bucket);
            }
            return UploadIndex.find(c, uploadId);
        });
        if (upload == null || !upload.bucket().equals(bucket) || !upload.key().equals(key)) {
            throw S3Error.NO_SUCH_UPLOAD.exception(Map.of("UploadId", uploadId));
        }
        return upload;
    }

    /**
     * Streams one part to disk. {@code verify} sees the digests before the part becomes visible and returns the
     * checksum value to keep with it (base64), or null.
     */
    public UploadedPart uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream body,
                                   Set<ChecksumAlgorithm> compute, Function<Digests, String> verify)
            throws IOException {
        requirePartNumber(partNumber);
        upload(bucket, key, uploadId);
        BlobFiles.Pending pending = files.write(body, compute);
        try {
            String checksum = verify.apply(pending.digests());
            Path file = files.publish(pending);
            UploadedPart part = new UploadedPart(partNumber, pending.digests().size(), pending.digests().etag(),
                    checksum, ObjectStore.now(), file);
            String replaced = state.write(c -> {
                if (UploadIndex.find(c, uploadId) == null) {
                    throw S3Error.NO_SUCH_UPLOAD.exception(Map.of("UploadId", uploadId));
                }
                return UploadIndex.upsertPart(c, uploadId, pending.fileId(), part);
            });
            if (replaced != null) {
                files.delete(replaced);
            }
            return part;
        } catch (IOException | RuntimeException | Error e) {
            files.discard(pending);
            files.delete(pending.fileId());
            throw e;
        }
    }

    /**
     * Completes an upload into an object.
     *
     * @param fullObjectChecksum the whole-object checksum the client sent for a FULL_OBJECT upload (base64), or null
     */
    public StoredObject complete(String bucket, String key, String uploadId, List<CompletedPart> requested,
                                 String fullObjectChecksum) throws IOException {
        MultipartUpload upload = upload(bucket, key, uploadId);
        List<UploadedPart> stored = state.read(c -> uploads.parts(c, uploadId, 0, MAX_PART_NUMBER));
        List<UploadedPart> chosen = PartSelection.choose(requested, stored);
        ChecksumAlgorithm algorithm = upload.checksumAlgorithm();
        boolean fullObject = upload.checksumType() == ChecksumType.FULL_OBJECT;
        BlobFiles.Pending pending = files.concatenate(chosen.stream().map(UploadedPart::file).toList(),
                fullObject ? Set.of(algorithm) : Set.of());
        Checksum checksum;
        try {
            checksum = algorithm == null ? null : fullObject
                    ? PartSelection.fullObject(algorithm, pending.digests(), fullObjectChecksum)
                    : PartSelection.composite(algorithm, chosen);
        } catch (RuntimeException e) {
            files.discard(pending);
            throw e;
        }
        List<Long> sizes = chosen.stream().map(UploadedPart::size).toList();
        StoredObject object = new StoredObject(bucket, key, pending.digests().size(), PartSelection.etag(chosen),
                ObjectStore.now(), upload.metadata(), checksum, sizes, null);
        List<String> partFiles = new ArrayList<>();
        StoredObject result = store.commit(pending, object, c -> {
            if (UploadIndex.find(c, uploadId) == null) {
                throw S3Error.NO_SUCH_UPLOAD.exception(Map.of("UploadId", uploadId));
            }
            partFiles.addAll(UploadIndex.delete(c, uploadId));
            return null;
        });
        partFiles.forEach(files::delete);
        return result;
    }

    /** Aborts an upload and deletes its parts. */
    public void abort(String bucket, String key, String uploadId) {
        upload(bucket, key, uploadId);
        List<String> partFiles = state.write(c -> {
            if (UploadIndex.find(c, uploadId) == null) {
                throw S3Error.NO_SUCH_UPLOAD.exception(Map.of("UploadId", uploadId));
            }
            return UploadIndex.delete(c, uploadId);
        });
        partFiles.forEach(files::delete);
    }

    /** One page of an upload's parts, after {@code partNumberMarker}. */
    public PartsPage listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts) {
        MultipartUpload upload = upload(bucket, key, uploadId);
        int limit = Math.max(0, Math.min(maxParts, 1000));
        List<UploadedPart> parts = state.read(c -> uploads.parts(c, uploadId, partNumberMarker, limit + 1));
        boolean truncated = parts.size() > limit;
        List<UploadedPart> page = truncated ? parts.subList(0, limit) : parts;
        int next = page.isEmpty() ? 0 : page.get(page.size() - 1).partNumber();
        return new PartsPage(upload, page, truncated, next);
    }

    /** One page of a bucket's unfinished uploads. */
    public UploadsPage listUploads(String bucket, String prefix, String delimiter, String keyMarker,
                                   String uploadIdMarker, int maxUploads) {
        List<MultipartUpload> all = state.read(c -> {
            if (ObjectIndex.bucket(c, bucket) == null) {
                throw ObjectStore.noSuchBucket(bucket);
            }
            return UploadIndex.uploadsOf(c, bucket);
        });
        return UploadListing.page(all, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
    }

    private static void requirePartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
            throw new AwsException(S3Error.INVALID_ARGUMENT,
                    "Part number must be an integer between 1 and 10000, inclusive");
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
