package dev.sagebox.cloud;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One resumable multipart upload: finds the journal an interrupted run left, asks the target which parts it still
 * holds (ListParts), sends only the others as ranged reads of the source, and completes with the full-object CRC32
 * ({@code FULL_OBJECT}), which the target checks against the bytes it assembled.
 */
final class MultipartCopy {
    private final S3Client source;
    private final S3Client target;
    private final Path journals;
    private final long partSize;
    private final ObjectCopier.Progress progress;
    private final int concurrency;

    MultipartCopy(S3Client source, S3Client target, Path journals, long partSize, ObjectCopier.Progress progress,
                  int concurrency) {
        this.source = source;
        this.target = target;
        this.journals = journals;
        this.partSize = partSize;
        this.progress = progress;
        this.concurrency = concurrency;
    }

    /** Uploads what the target lacks; returns the bytes sent in this run. */
    long copy(CopyItem item, String crc32) throws IOException, CloudException {
        UploadJournal journal = resumable(item, crc32);
        long chunk = journal.state().partSize();
        int count = (int) ((item.size() + chunk - 1) / chunk);
        List<Callable<Long>> missing = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            if (journal.state().parts().containsKey(n)) {
                continue;
            }
            int number = n;
            long first = (number - 1) * chunk;
            long length = Math.min(chunk, item.size() - first);
            missing.add(() -> {
                journal.acknowledged(number, uploadPart(item, journal.state().uploadId(), number, first, length));
                progress.sent(item, number, length);
                return length;
            });
        }
        long sent = Parallel.run(missing, concurrency).stream().mapToLong(Long::longValue).sum();
        List<CompletedPart> parts = new ArrayList<>();
        journal.state().parts().forEach((number, part) -> parts.add(CompletedPart.builder().partNumber(number)
                .eTag(part.etag()).checksumCRC32(part.crc32()).build()));
        parts.sort((a, b) -> Integer.compare(a.partNumber(), b.partNumber()));
        target.completeMultipartUpload(b -> b.bucket(item.targetBucket()).key(item.targetKey())
                .uploadId(journal.state().uploadId()).checksumCRC32(crc32).checksumType(ChecksumType.FULL_OBJECT)
                .multipartUpload(u -> u.parts(parts)));
        journal.delete();
        return sent;
    }

    /** The journal of an upload the target still has, trimmed to the parts it lists; else a new upload. */
    private UploadJournal resumable(CopyItem item, String crc32) throws IOException {
        var found = UploadJournal.find(journals, item, crc32);
        if (found.isPresent()) {
            UploadJournal journal = found.get();
            try {
                Map<Integer, UploadJournal.Part> kept = new HashMap<>();
                Map<Integer, Part> listed = listedParts(item, journal.state().uploadId());
                journal.state().parts().forEach((number, part) -> {
                    Part there = listed.get(number);
                    if (there != null && part.etag().equals(there.eTag())) {
                        kept.put(number, part);
                    }
                });
                journal.retain(kept);
                return journal;
            } catch (NoSuchUploadException e) {
                journal.delete();  // aborted or expired on the target: start over
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                journal.delete();
            }
        }
        String uploadId = target.createMultipartUpload(b -> b.bucket(item.targetBucket()).key(item.targetKey())
                .checksumAlgorithm(ChecksumAlgorithm.CRC32).checksumType(ChecksumType.FULL_OBJECT)).uploadId();
        return UploadJournal.start(journals, item, crc32, uploadId, partSize);
    }

    private Map<Integer, Part> listedParts(CopyItem item, String uploadId) {
        Map<Integer, Part> parts = new HashMap<>();
        Integer marker = null;
        while (true) {
            Integer from = marker;
            ListPartsResponse page = target.listParts(b -> b.bucket(item.targetBucket()).key(item.targetKey())
                    .uploadId(uploadId).partNumberMarker(from));
            page.parts().forEach(part -> parts.put(part.partNumber(), part));
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return parts;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    private UploadJournal.Part uploadPart(CopyItem item, String uploadId, int number, long first, long length) {
        byte[] body = ObjectCopier.read(source, item, "bytes=" + first + "-" + (first + length - 1));
        UploadPartResponse response = target.uploadPart(b -> b.bucket(item.targetBucket()).key(item.targetKey())
                .uploadId(uploadId).partNumber(number).contentLength(length)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(body));
        return new UploadJournal.Part(response.eTag(), response.checksumCRC32());
    }
}
