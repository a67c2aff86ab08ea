package dev.sagebox.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies objects between two S3 endpoints by streaming, never through a local file. An object whose target already
 * has the same size and full-object CRC32 is skipped, so a re-run sends nothing. Objects above one part go up as
 * resumable multipart uploads ({@link MultipartCopy}); every upload carries CRC32 checksums the target verifies.
 */
public final class ObjectCopier {
    /** Told after each part (or single-part object) the target acknowledged. */
    @FunctionalInterface
    public interface Progress {
        void sent(CopyItem item, int partNumber, long bytes);

        Progress NONE = (item, part, bytes) -> { };
    }

    private final S3Client source;
    private final S3Client target;
    private final Path journals;
    private final long partSize;
    private final Progress progress;
    private final int concurrency;
    private final ChecksumCache checksums;

    /** A copier that sends up to four objects or parts at once. */
    public ObjectCopier(S3Client source, S3Client target, Path journals, long partSize, Progress progress) {
        this(source, target, journals, partSize, progress, 4);
    }

    /**
     * @param journals    where resumable upload state lives ({@code <data dir>/promote/uploads})
     * @param partSize    the multipart part size; objects up to this size go in one PutObject
     * @param concurrency how many objects (or parts of one large object) travel at once; memory is this many parts
     */
    public ObjectCopier(S3Client source, S3Client target, Path journals, long partSize, Progress progress,
                        int concurrency) {
        if (partSize < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB");
        }
        this.source = source;
        this.target = target;
        this.journals = journals;
        this.partSize = partSize;
        this.progress = progress;
        this.concurrency = Math.max(1, concurrency);
        this.checksums = new ChecksumCache(journals);
    }

    /**
     * Copies {@code items}: the small ones several at a time, then each large one with several parts at a time, so
     * no more than {@code concurrency} parts are ever in memory.
     */
    public CopyReport copy(List<CopyItem> items) throws CloudException {
        List<Callable<CopyReport>> small = new ArrayList<>();
        for (CopyItem item : items) {
            if (item.size() <= partSize) {
                small.add(() -> copy(item));
            }
        }
        CopyReport report = CopyReport.NONE;
        try {
            for (CopyReport one : Parallel.run(small, concurrency)) {
                report = report.plus(one);
            }
        } catch (IOException e) {
            throw new CloudException("copy stopped: " + e.getMessage(), e);
        }
        for (CopyItem item : items) {
            if (item.size() > partSize) {
                report = report.plus(copy(item));
            }
        }
        return report;
    }

    private CopyReport copy(CopyItem item) throws CloudException {
        try {
            String crc32 = sourceCrc32(item);
            if (targetHas(item, crc32)) {
                return new CopyReport(0, 0, 1, item.size());
            }
            long sent = item.size() <= partSize ? putWhole(item, crc32)
                    : new MultipartCopy(source, target, journals, partSize, progress, concurrency).copy(item, crc32);
            return new CopyReport(1, sent, 0, item.size() - sent);
        } catch (SdkException | IOException | CloudException e) {
            throw new CloudException("copying " + item.sourceUri() + " to " + item.targetUri() + " stopped: "
                    + e.getMessage() + (item.size() > partSize ? " (run the same command again to resume)" : ""), e);
        }
    }

    /** The source's full-object CRC32: the stored one when the store has it, else computed by reading the object. */
    String sourceCrc32(CopyItem item) throws IOException {
        HeadObjectResponse head = source.headObject(b -> b.bucket(item.sourceBucket()).key(item.sourceKey())
                .checksumMode(ChecksumMode.ENABLED));
        String stored = head.checksumCRC32();
        if (stored != null && !stored.contains("-") && head.checksumType() != ChecksumType.COMPOSITE) {
            return stored;
        }
        String cacheKey = ChecksumCache.key(item, head.eTag());
        String cached = checksums.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        CRC32 crc = new CRC32();
        try (InputStream in = source.getObject(b -> b.bucket(item.sourceBucket()).key(item.sourceKey()))) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        String computed = encode(crc.getValue());
        checksums.put(cacheKey, computed);
        return computed;
    }

    /**
     * Reads an object, or {@code range} of it, into memory: at most one part, so that the SDK can resend it when
     * a target drops the connection (a stream body cannot be replayed, and the retry would fail on its own).
     */
    static byte[] read(S3Client s3, CopyItem item, String range) {
        return s3.getObjectAsBytes(b -> b.bucket(item.sourceBucket()).key(item.sourceKey()).range(range))
                .asByteArray();
    }

    static String encode(long crc) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc).array());
    }

    private boolean targetHas(CopyItem item, String crc32) {
        try {
            HeadObjectResponse head = target.headObject(b -> b.bucket(item.targetBucket()).key(item.targetKey())
                    .checksumMode(ChecksumMode.ENABLED));
            return head.contentLength() == item.size() && crc32.equals(head.checksumCRC32());
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // S3 answers 403 rather than 404 for a missing key to a caller without s3:ListBucket; PutObject may
            // still be allowed, so the object counts as absent.
            if (e.statusCode() == 404 || e.statusCode() == 403) {
                return false;
            }
            throw e;
        }
    }

    private long putWhole(CopyItem item, String crc32) {
        byte[] body = read(source, item, null);
        target.putObject(b -> b.bucket(item.targetBucket()).key(item.targetKey()).contentLength(item.size())
                .checksumAlgorithm(ChecksumAlgorithm.CRC32).checksumCRC32(crc32), RequestBody.fromBytes(body));
        progress.sent(item, 1, item.size());
        return item.size();
    }
}
