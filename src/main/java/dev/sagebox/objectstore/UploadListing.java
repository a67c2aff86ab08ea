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
        int start = startIndex(all, keyMarker, uploadIdMarker);
        for (MultipartUpload upload : all.subList(start, all.size())) {
            if (!upload.key().startsWith(p)) {
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

    /**
     * Where a page resumes in the (key, initiated) order: after every upload of a key below the key marker, and for
     * the marker key itself after the upload-id marker, or after all its uploads when there is none.
     */
    private static int startIndex(List<MultipartUpload> all, String keyMarker, String uploadIdMarker) {
        if (keyMarker == null || keyMarker.isEmpty()) {
            return 0;
        }
        byte[] marker = keyMarker.getBytes(StandardCharsets.UTF_8);
        int index = 0;
        while (index < all.size()) {
            MultipartUpload upload = all.get(index);
            int order = Arrays.compareUnsigned(upload.key().getBytes(StandardCharsets.UTF_8), marker);
            if (order > 0) {
                break;
            }
            index++;
            if (order == 0 && uploadIdMarker != null && upload.uploadId().equals(uploadIdMarker)) {
                return index;
            }
        }
        return index;
    }
}
