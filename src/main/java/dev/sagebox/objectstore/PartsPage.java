package dev.sagebox.objectstore;

import java.util.List;

/** One page of ListParts: parts in number order, and the marker to continue from when truncated. */
public record PartsPage(MultipartUpload upload, List<UploadedPart> parts, boolean isTruncated,
                        int nextPartNumberMarker) {
    public PartsPage {
        parts = List.copyOf(parts);
    }
}
