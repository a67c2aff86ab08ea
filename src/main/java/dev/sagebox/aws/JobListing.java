package dev.sagebox.aws;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The List*Jobs contract shared by every job kind (CONTRACTS §2.3): filter first ({@code NameContains} ignoring
 * case, {@code StatusEquals}, strict time bounds), then sort ({@code CreationTime}, {@code Descending} by default),
 * then page ({@code MaxResults} default 10; no {@code NextToken} on the last page or an empty one).
 *
 * @param <T> the job type
 */
public final class JobListing<T> {
    /** What a list request asks for, as sent. */
    public record Criteria(String nameContains, String statusEquals, Instant creationTimeAfter,
                           Instant creationTimeBefore, Instant lastModifiedTimeAfter, Instant lastModifiedTimeBefore,
                           String sortBy, String sortOrder, String nextToken, Integer maxResults) {
    }

    /** One page of jobs and the token for the next, or null when this page ends the list. */
    public record Page<T>(List<T> items, String nextToken) {
    }

    private final Function<T, String> name;
    private final Function<T, String> status;
    private final Function<T, Instant> created;
    private final Function<T, Instant> modified;

    /** How to read a job's name, status wire name, creation and last-modified times. */
    public JobListing(Function<T, String> name, Function<T, String> status, Function<T, Instant> created,
                      Function<T, Instant> modified) {
        this.name = name;
        this.status = status;
        this.created = created;
        this.modified = modified;
    }

    public Page<T> page(List<T> jobs, Criteria criteria) {
        List<T> matching = jobs.stream().filter(filter(criteria)).sorted(order(criteria)).toList();
        int offset = PageToken.offset(criteria.nextToken());
        int size = criteria.maxResults() == null ? 10 : criteria.maxResults();
        List<T> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + size, matching.size()));
        return new Page<>(page, page.isEmpty() ? null : PageToken.next(offset, size, matching.size()));
    }

    private Predicate<T> filter(Criteria c) {
        String contains = c.nameContains() == null ? null : c.nameContains().toLowerCase(Locale.ROOT);
        return job -> (contains == null || name.apply(job).toLowerCase(Locale.ROOT).contains(contains))
                && (c.statusEquals() == null || status.apply(job).equals(c.statusEquals()))
                && after(created.apply(job), c.creationTimeAfter())
                && before(created.apply(job), c.creationTimeBefore())
                && after(modified.apply(job), c.lastModifiedTimeAfter())
                && before(modified.apply(job), c.lastModifiedTimeBefore());
    }

    private static boolean after(Instant value, Instant bound) {
        return bound == null || value.isAfter(bound);
    }

    private static boolean before(Instant value, Instant bound) {
        return bound == null || value.isBefore(bound);
    }

    private Comparator<T> order(Criteria c) {
        Comparator<T> byCreation = Comparator.comparing(created).thenComparing(name);
        Comparator<T> comparator = switch (c.sortBy() == null ? "CreationTime" : c.sortBy()) {
            case "Name" -> Comparator.comparing(name).thenComparing(byCreation);
            case "Status" -> Comparator.comparing(status).thenComparing(byCreation);
            default -> byCreation;
        };
        return "Ascending".equals(c.sortOrder()) ? comparator : comparator.reversed();
    }
}
