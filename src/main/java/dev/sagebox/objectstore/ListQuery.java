package dev.sagebox.objectstore;

/**
 * One page request of a listing.
 *
 * @param prefix            only keys starting with this ("" for all)
 * @param delimiter         roll keys up into common prefixes at the first delimiter after the prefix; null for none
 * @param maxKeys           at most this many keys plus common prefixes
 * @param after             start after this key or common prefix (v1 marker, v2 start-after); null for none
 * @param continuationToken a token from a previous {@link ListPage}, which wins over {@code after}; null for none
 */
public record ListQuery(String prefix, String delimiter, int maxKeys, String after, String continuationToken) {
    public ListQuery {
        prefix = prefix == null ? "" : prefix;
        delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    }

    /** Every key under a prefix, no roll-up. */
    public static ListQuery under(String prefix, int maxKeys) {
        return new ListQuery(prefix, null, maxKeys, null, null);
    }
}
