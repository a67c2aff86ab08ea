package dev.sagebox.logs;

import dev.sagebox.aws.LogsError;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.logs.api.FilterLogEventsRequest;
import dev.sagebox.logs.api.FilterLogEventsResponse;
import dev.sagebox.logs.api.FilterLogEventsResponse.FilteredLogEvent;
import dev.sagebox.logs.api.FilterLogEventsResponse.SearchedLogStream;
import dev.sagebox.logs.api.GetLogEventsRequest;
import dev.sagebox.logs.api.GetLogEventsResponse;
import dev.sagebox.logs.api.GetLogEventsResponse.OutputLogEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** GetLogEvents (one stream, by position tokens) and FilterLogEvents (many streams, by time, with a pattern). */
final class EventReads {
    static final int MAX_EVENTS = 10_000;
    /** How many candidate events FilterLogEvents reads per query while it looks for matches. */
    private static final int SCAN_BATCH = 1_000;

    private final LogStore store;

    EventReads(LogStore store) {
        this.store = store;
    }

    /**
     * Reads a page of one stream. Both tokens are always returned, and an empty page hands back the token it was
     * given: the SageMaker SDK ({@code logs.py log_stream}) reads {@code nextForwardToken} unconditionally, and the
     * Java paginator stops only when a page repeats its token.
     */
    GetLogEventsResponse getLogEvents(RequestContext context, GetLogEventsRequest request) {
        String groupName = Validation.groupOf(request.logGroupName(), request.logGroupIdentifier());
        Validation.of().required("logStreamName", request.logStreamName())
                .streamName("logStreamName", request.logStreamName())
                .range("limit", request.limit(), 1, MAX_EVENTS)
                .nonNegative("startTime", request.startTime()).nonNegative("endTime", request.endTime()).check();
        EventToken token = request.nextToken() == null ? null : EventToken.parse(request.nextToken());
        int limit = request.limit() == null ? MAX_EVENTS : request.limit();
        boolean forward = token == null ? Boolean.TRUE.equals(request.startFromHead()) : token.forward();
        TimeRange range = TimeRange.of(request.startTime(), request.endTime());
        return store.state().read(connection -> {
            LogStore.Group group = LogStore.requireGroup(connection, context.region(), groupName);
            LogStore.Stream stream = LogStore.findStream(connection, group.id(), request.logStreamName())
                    .orElseThrow(LogsError::noSuchLogStream);
            long position = token != null ? token.position() : forward ? 0 : stream.nextSequence();
            List<LogStore.Event> events = forward
                    ? LogStore.queryEvents(connection, "stream_id = ? AND sequence >= ?" + range.sql(),
                            "ORDER BY sequence LIMIT ?", range.parameters(stream.id(), position, limit))
                    : LogStore.queryEvents(connection, "stream_id = ? AND sequence < ?" + range.sql(),
                            "ORDER BY sequence DESC LIMIT ?", range.parameters(stream.id(), position, limit));
            if (!forward) {
                events = new ArrayList<>(events);
                Collections.reverse(events);
            }
            List<OutputLogEvent> output = events.stream()
                    .map(e -> new OutputLogEvent(e.timestamp(), e.message(), e.ingestionTime())).toList();
            if (events.isEmpty()) {
                long end = token == null ? stream.nextSequence() : position;
                String nextForward = token != null && token.forward() ? request.nextToken()
                        : EventToken.forward(end).toString();
                String nextBackward = token != null && !token.forward() ? request.nextToken()
                        : EventToken.backward(end).toString();
                return new GetLogEventsResponse(output, nextForward, nextBackward);
            }
            return new GetLogEventsResponse(output, EventToken.forward(events.getLast().sequence() + 1).toString(),
                    EventToken.backward(events.getFirst().sequence()).toString());
        });
    }

    /**
     * Searches a group's streams, in timestamp order across streams. Pages end only where a match is known to
     * follow, so {@code nextToken} never leads to an empty page ({@code aws logs tail} and boto3 paginators loop on
     * it).
     */
    FilterLogEventsResponse filterLogEvents(RequestContext context, FilterLogEventsRequest request) {
        String groupName = Validation.groupOf(request.logGroupName(), request.logGroupIdentifier());
        Validation validation = Validation.of().size("logStreamNames", request.logStreamNames(), 1, 100)
                .streamName("logStreamNamePrefix", request.logStreamNamePrefix())
                .range("limit", request.limit(), 1, MAX_EVENTS)
                .nonNegative("startTime", request.startTime()).nonNegative("endTime", request.endTime());
        validation.check();
        if (request.logStreamNames() != null && request.logStreamNamePrefix() != null) {
            throw LogsError.INVALID_PARAMETER.exception(
                    "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }
        FilterPattern pattern = FilterPattern.parse(request.filterPattern());
        int limit = request.limit() == null ? MAX_EVENTS : request.limit();
        List<String> after = request.nextToken() == null ? null : PageToken.decode(request.nextToken(), 3);
        TimeRange range = TimeRange.of(request.startTime(), request.endTime());
        return store.state().read(connection -> {
            LogStore.Group group = LogStore.requireGroup(connection, context.region(), groupName);
            List<LogStore.Stream> streams = searchedStreams(connection, group, request);
            Map<Long, String> names = new HashMap<>();
            streams.forEach(stream -> names.put(stream.id(), stream.name()));
            Cursor cursor = after == null ? Cursor.START : new Cursor(PageToken.decodeLong(after.get(0)),
                    PageToken.decodeLong(after.get(1)), PageToken.decodeLong(after.get(2)));
            List<LogStore.Event> matches = names.isEmpty() ? List.of()
                    : findMatches(connection, names.keySet(), range, cursor, pattern, limit + 1);
            boolean more = matches.size() > limit;
            List<LogStore.Event> page = more ? matches.subList(0, limit) : matches;
            List<FilteredLogEvent> events = page.stream().map(e -> new FilteredLogEvent(names.get(e.streamId()),
                    e.timestamp(), e.message(), e.ingestionTime(), eventId(e))).toList();
            List<SearchedLogStream> searched = streams.stream()
                    .map(stream -> new SearchedLogStream(stream.name(), !more)).toList();
            String nextToken = null;
            if (more) {
                LogStore.Event last = page.getLast();
                nextToken = PageToken.encode(last.timestamp(), last.streamId(), last.sequence());
            }
            return new FilterLogEventsResponse(events, searched, nextToken);
        });
    }

    /** Up to {@code wanted} matching events after {@code cursor}, reading candidates in batches. */
    private static List<LogStore.Event> findMatches(Connection connection, Set<Long> streamIds, TimeRange range,
                                                    Cursor cursor, FilterPattern pattern, int wanted)
            throws SQLException {
        List<LogStore.Event> matches = new ArrayList<>();
        while (true) {
            List<LogStore.Event> batch = scan(connection, streamIds, range, cursor);
            for (LogStore.Event event : batch) {
                if (pattern.matches(event.message())) {
                    matches.add(event);
                    if (matches.size() == wanted) {
                        return matches;
                    }
                }
            }
            if (batch.size() < SCAN_BATCH) {
                return matches;
            }
            cursor = Cursor.of(batch.getLast());
        }
    }

    private static List<LogStore.Stream> searchedStreams(Connection connection, LogStore.Group group,
                                                         FilterLogEventsRequest request) throws SQLException {
        if (request.logStreamNames() != null) {
            String marks = String.join(", ", Collections.nCopies(request.logStreamNames().size(), "?"));
            List<Object> parameters = new ArrayList<>(List.of(group.id()));
            parameters.addAll(request.logStreamNames());
            return LogStore.queryStreams(connection, "group_id = ? AND name IN (" + marks + ")", "ORDER BY name",
                    parameters);
        }
        if (request.logStreamNamePrefix() != null) {
            return LogStore.queryStreams(connection, "group_id = ? AND substr(name, 1, length(?)) = ?",
                    "ORDER BY name", List.of(group.id(), request.logStreamNamePrefix(), request.logStreamNamePrefix()));
        }
        return LogStore.queryStreams(connection, "group_id = ?", "ORDER BY name", List.of(group.id()));
    }

    private static List<LogStore.Event> scan(Connection connection, Set<Long> streamIds, TimeRange range,
                                             Cursor cursor) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(streamIds.size(), "?"));
        List<Object> parameters = new ArrayList<>(streamIds);
        parameters.addAll(List.of(cursor.timestamp(), cursor.streamId(), cursor.sequence()));
        return LogStore.queryEvents(connection, "stream_id IN (" + marks + ") AND (timestamp, stream_id, sequence) "
                        + "> (?, ?, ?)" + range.sql(), "ORDER BY timestamp, stream_id, sequence LIMIT ?",
                range.appendTo(parameters, SCAN_BATCH));
    }

    /** A stable id made of the stream's and the event's numbers. */
    private static String eventId(LogStore.Event event) {
        return String.format("%020d%020d", event.streamId(), event.sequence());
    }

    /** Where a FilterLogEvents scan resumes: just after this (timestamp, stream, sequence). */
    private record Cursor(long timestamp, long streamId, long sequence) {
        static final Cursor START = new Cursor(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);

        static Cursor of(LogStore.Event event) {
            return new Cursor(event.timestamp(), event.streamId(), event.sequence());
        }
    }

    /** {@code startTime} inclusive, {@code endTime} exclusive, as AWS documents them. */
    private record TimeRange(Long start, Long end) {
        static TimeRange of(Long start, Long end) {
            return new TimeRange(start, end);
        }

        String sql() {
            return (start == null ? "" : " AND timestamp >= ?") + (end == null ? "" : " AND timestamp < ?");
        }

        /** The stream id and position first, then the bounds, then the row limit: the order {@link #sql()} needs. */
        List<Object> parameters(long streamId, long position, int limit) {
            return appendTo(new ArrayList<>(List.of(streamId, position)), limit);
        }

        List<Object> appendTo(List<Object> parameters, int limit) {
            List<Object> all = new ArrayList<>(parameters);
            if (start != null) {
                all.add(start);
            }
            if (end != null) {
                all.add(end);
            }
            all.add(limit);
            return all;
        }
    }
}
