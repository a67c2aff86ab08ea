package dev.sagebox.hosting;

import dev.sagebox.aws.PageToken;
import dev.sagebox.hosting.api.ListRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Filter, then sort, then page (CONTRACTS §2.3), shared by the three hosting List operations. */
final class Listing {
    /** One page and the token for the next, or null on the last page. */
    record Page<T>(List<T> items, String nextToken) {
    }

    private Listing() {
    }

    static <T> Page<T> page(List<StoredResource> all, ListRequest r, Function<StoredResource, T> summary) {
        String contains = r.nameContains() == null ? null : r.nameContains().toLowerCase(Locale.ROOT);
        List<StoredResource> matching = all.stream()
                .filter(x -> contains == null || x.name().toLowerCase(Locale.ROOT).contains(contains))
                .filter(x -> r.statusEquals() == null || r.statusEquals().equals(x.status()))
                .filter(x -> after(x.creationTime(), r.creationTimeAfter()))
                .filter(x -> before(x.creationTime(), r.creationTimeBefore()))
                .filter(x -> after(x.lastModifiedTime(), r.lastModifiedTimeAfter()))
                .filter(x -> before(x.lastModifiedTime(), r.lastModifiedTimeBefore()))
                .sorted(order(r))
                .toList();
        int offset = PageToken.offset(r.nextToken());
        int size = r.maxResults() == null ? 10 : r.maxResults();
        List<T> page = matching.subList(Math.min(offset, matching.size()),
                Math.min(offset + size, matching.size())).stream().map(summary).toList();
        return new Page<>(page, page.isEmpty() ? null : PageToken.next(offset, size, matching.size()));
    }

    private static boolean after(Instant value, Instant bound) {
        return bound == null || value.isAfter(bound);
    }

    private static boolean before(Instant value, Instant bound) {
        return bound == null || value.isBefore(bound);
    }

    private static Comparator<StoredResource> order(ListRequest r) {
        Comparator<StoredResource> byCreation = Comparator.comparing(StoredResource::creationTime)
                .thenComparing(StoredResource::name);
        Comparator<StoredResource> comparator = switch (r.sortBy() == null ? "CreationTime" : r.sortBy()) {
            case "Name" -> Comparator.comparing(StoredResource::name).thenComparing(byCreation);
            case "Status" -> Comparator.comparing((StoredResource x) -> String.valueOf(x.status()))
                    .thenComparing(byCreation);
            default -> byCreation;
        };
        return "Ascending".equals(r.sortOrder()) ? comparator : comparator.reversed();
    }
}
