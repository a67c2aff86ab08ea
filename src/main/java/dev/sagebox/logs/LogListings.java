package dev.sagebox.logs;

import dev.sagebox.aws.Arn;
import dev.sagebox.aws.LogsError;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.logs.api.DescribeLogGroupsRequest;
import dev.sagebox.logs.api.DescribeLogGroupsResponse;
import dev.sagebox.logs.api.DescribeLogGroupsResponse.LogGroup;
import dev.sagebox.logs.api.DescribeLogStreamsRequest;
import dev.sagebox.logs.api.DescribeLogStreamsResponse;
import dev.sagebox.logs.api.DescribeLogStreamsResponse.LogStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DescribeLogGroups and DescribeLogStreams. A page carries {@code nextToken} only when more items follow: the
 * SageMaker Python SDK ({@code session.py _flush_log_streams}) repeats DescribeLogStreams without the token for as
 * long as one is returned, so a token on the last page would never end.
 */
final class LogListings {
    static final int MAX_PAGE = 50;
    private static final String BY_NAME = "LogStreamName";
    private static final String BY_LAST_EVENT = "LastEventTime";

    private final LogStore store;

    LogListings(LogStore store) {
        this.store = store;
    }

    DescribeLogGroupsResponse describeLogGroups(RequestContext context, DescribeLogGroupsRequest request) {
        Validation.of().groupName("logGroupNamePrefix", request.logGroupNamePrefix())
                .range("limit", request.limit(), 1, MAX_PAGE).check();
        if (request.logGroupNamePrefix() != null && request.logGroupNamePattern() != null) {
            throw LogsError.INVALID_PARAMETER.exception(
                    "LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
        }
        int limit = request.limit() == null ? MAX_PAGE : request.limit();
        StringBuilder where = new StringBuilder("g.region = ?");
        List<Object> parameters = new ArrayList<>(List.of(context.region().name()));
        if (request.logGroupNamePrefix() != null) {
            where.append(" AND substr(g.name, 1, length(?)) = ?");
            parameters.add(request.logGroupNamePrefix());
            parameters.add(request.logGroupNamePrefix());
        }
        if (request.logGroupNamePattern() != null) {
            where.append(" AND instr(lower(g.name), lower(?)) > 0");
            parameters.add(request.logGroupNamePattern());
        }
        if (request.nextToken() != null) {
            where.append(" AND g.name > ?");
            parameters.add(PageToken.decode(request.nextToken(), 1).getFirst());
        }
        List<LogStore.Group> rows = store.state().read(connection -> LogStore.queryGroups(connection,
                where.toString(), "ORDER BY g.name LIMIT ?", append(parameters, limit + 1)));
        boolean more = rows.size() > limit;
        List<LogStore.Group> page = more ? rows.subList(0, limit) : rows;
        List<LogGroup> groups = page.stream().map(group -> toLogGroup(context.region(), group)).toList();
        return new DescribeLogGroupsResponse(groups, more ? PageToken.encode(page.getLast().name()) : null);
    }

    private static LogGroup toLogGroup(Region region, LogStore.Group group) {
        String arn = Arn.logGroup(region, group.name());
        return new LogGroup(group.name(), group.creationTime(), 0, arn + ":*", group.storedBytes(), "STANDARD", arn);
    }

    DescribeLogStreamsResponse describeLogStreams(RequestContext context, DescribeLogStreamsRequest request) {
        String groupName = Validation.groupOf(request.logGroupName(), request.logGroupIdentifier());
        Validation.of().streamName("logStreamNamePrefix", request.logStreamNamePrefix())
                .oneOf("orderBy", request.orderBy(), List.of(BY_NAME, BY_LAST_EVENT))
                .range("limit", request.limit(), 1, MAX_PAGE).check();
        boolean byLastEvent = BY_LAST_EVENT.equals(request.orderBy());
        if (byLastEvent && request.logStreamNamePrefix() != null) {
            throw LogsError.INVALID_PARAMETER.exception("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        int limit = request.limit() == null ? MAX_PAGE : request.limit();
        boolean descending = Boolean.TRUE.equals(request.descending());
        String key = byLastEvent ? "(coalesce(last_event_timestamp, 0), name)" : "(name)";
        String direction = descending ? " DESC" : "";
        List<LogStore.Stream> rows = store.state().read(connection -> {
            LogStore.Group group = LogStore.requireGroup(connection, context.region(), groupName);
            StringBuilder where = new StringBuilder("group_id = ?");
            List<Object> parameters = new ArrayList<>(List.of(group.id()));
            if (request.logStreamNamePrefix() != null) {
                where.append(" AND substr(name, 1, length(?)) = ?");
                parameters.add(request.logStreamNamePrefix());
                parameters.add(request.logStreamNamePrefix());
            }
            if (request.nextToken() != null) {
                List<String> after = PageToken.decode(request.nextToken(), 2);
                where.append(" AND ").append(key).append(descending ? " < " : " > ")
                        .append(byLastEvent ? "(?, ?)" : "(?)");
                if (byLastEvent) {
                    parameters.add(PageToken.decodeLong(after.get(0)));
                }
                parameters.add(after.get(1));
            }
            String order = byLastEvent ? "ORDER BY coalesce(last_event_timestamp, 0)" + direction + ", name"
                    + direction : "ORDER BY name" + direction;
            return LogStore.queryStreams(connection, where.toString(), order + " LIMIT ?",
                    append(parameters, limit + 1));
        });
        boolean more = rows.size() > limit;
        List<LogStore.Stream> page = more ? rows.subList(0, limit) : rows;
        List<LogStream> streams = page.stream().map(stream -> toLogStream(context.region(), groupName, stream))
                .toList();
        String nextToken = null;
        if (more) {
            LogStore.Stream last = page.getLast();
            long lastEvent = last.lastEventTimestamp() == null ? 0 : last.lastEventTimestamp();
            nextToken = PageToken.encode(lastEvent, last.name());
        }
        return new DescribeLogStreamsResponse(streams, nextToken);
    }

    private static LogStream toLogStream(Region region, String group, LogStore.Stream stream) {
        return new LogStream(stream.name(), stream.creationTime(), stream.firstEventTimestamp(),
                stream.lastEventTimestamp(), stream.lastIngestionTime(), String.format("%056d", stream.nextSequence()),
                Arn.logStream(region, group, stream.name()), stream.storedBytes());
    }

    private static List<Object> append(List<Object> parameters, Object last) {
        List<Object> all = new ArrayList<>(parameters);
        all.add(last);
        return all;
    }
}
