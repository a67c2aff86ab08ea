package dev.sagebox.objectstore;

import java.util.List;

/** One page of ListMultipartUploads, ordered by key then initiation time. */
public record UploadsPage(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean isTruncated,
                          String nextKeyMarker, String nextUploadIdMarker) {
    public UploadsPage {
        uploads = List.copyOf(uploads);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
