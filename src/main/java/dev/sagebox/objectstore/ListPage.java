package dev.sagebox.objectstore;

import java.util.List;

/**
 * One page of a listing, in UTF-8 binary key order.
 *
 * @param contents       the objects
 * @param commonPrefixes the rolled-up prefixes, each ending in the delimiter
 * @param isTruncated    whether more items follow
 * @param lastItem       the last key or common prefix on this page (the v1 {@code NextMarker}), null when empty
 * @param nextToken      an opaque token that resumes after this page, null when not truncated
 */
public record ListPage(List<StoredObject> contents, List<String> commonPrefixes, boolean isTruncated,
                       String lastItem, String nextToken) {
    public ListPage {
        contents = List.copyOf(contents);
        commonPrefixes = List.copyOf(commonPrefixes);
    }

    /** Contents plus common prefixes: S3's {@code KeyCount}. */
    public int keyCount() {
        return contents.size() + commonPrefixes.size();
    }
}
