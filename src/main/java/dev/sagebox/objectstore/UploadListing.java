package dev.sagebox.objectstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Pages ListMultipartUploads in memory: unfinished uploads are few, unlike objects. */
final class UploadListing {
    private UploadListing() {
    }

    static UploadsPage page(List<MultipartUpload> all, String prefix, String delimiter, String keyMarker,
                            String uploadIdMarker, int maxUploads) {
        String p = prefix == null ? "" : prefix;
        int limit = Math.max(0, Math.min(maxUploads, 1000));
        List<MultipartUpload> uploads = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        boolean truncated = false;
        String lastKey = null;
        String lastId = null;
        for (MultipartUpload upload : all) {
            if (!upload.key().startsWith(p) || isBeforeMarker(upload, keyMarker, uploadIdMarker)) {
                continue;
            }
            String group = null;
            if (delimiter != null && !delimiter.isEmpty()) {
                int at = upload.key().indexOf(delimiter, p.length());
                group = at < 0 ? null : upload.key().substring(0, at + delimiter.length());
            }
            if (group != null && prefixes.contains(group)) {
                continue;
            }
            if (uploads.size() + prefixes.size() >= limit) {
                truncated = true;
                break;
            }
            if (group != null) {
                prefixes.add(group);
                lastKey = group;
                lastId = null;
            } else {
                uploads.add(upload);
                lastKey = upload.key();
                lastId = upload.uploadId();
            }
        }
        return new UploadsPage(uploads, new ArrayList<>(prefixes), truncated, truncated ? lastKey : null,
                truncated ? lastId : null);
    }

    private static boolean isBeforeMarker(MultipartUpload upload, String keyMarker, String uploadIdMarker) {
        if (keyMarker == null || keyMarker.isEmpty()) {
            return false;
        }
        int order = Arrays.compareUnsigned(upload.key().getBytes(StandardCharsets.UTF_8),
                keyMarker.getBytes(StandardCharsets.UTF_8));
        if (order != 0) {
            return order < 0;
        }
        // Same key: with an upload-id marker, uploads up to and including it were listed; without, all were.
        return uploadIdMarker == null || uploadIdMarker.isEmpty() || upload.uploadId().compareTo(uploadIdMarker) <= 0;
    }
}
