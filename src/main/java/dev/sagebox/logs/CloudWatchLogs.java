package dev.sagebox.logs;

import dev.sagebox.aws.LogsError;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.logs.api.CreateLogGroupRequest;
import dev.sagebox.logs.api.CreateLogStreamRequest;
import dev.sagebox.logs.api.DeleteLogGroupRequest;
import dev.sagebox.logs.api.DeleteLogStreamRequest;
import dev.sagebox.logs.api.DescribeLogGroupsRequest;
import dev.sagebox.logs.api.DescribeLogStreamsRequest;
import dev.sagebox.logs.api.FilterLogEventsRequest;
import dev.sagebox.logs.api.GetLogEventsRequest;
import dev.sagebox.logs.api.PutLogEventsRequest;
import dev.sagebox.logs.api.PutLogEventsRequest.InputLogEvent;
import dev.sagebox.logs.api.PutLogEventsResponse;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CloudWatch Logs service: its operations for the AWS JSON codec, and the {@link LogShipper} through which jobs
 * and endpoints store their output. Everything lives in the state database, per region.
 */
public final class CloudWatchLogs implements AutoCloseable {
    /** The tables this feature owns; pass it to {@link StateStore#open}. */
    public static final Schema SCHEMA = LogStore.SCHEMA;

    private static final long MAX_BATCH_SPAN = Duration.ofHours(24).toMillis();

    private final LogStore store;
    private final Clock clock;
    private final LogListings listings;
    private final EventReads reads;
    private final LogShipper shipper;

    public CloudWatchLogs(StateStore state, Clock clock) {
        this.store = new LogStore(state);
        this.clock = clock;
        this.listings = new LogListings(store);
        this.reads = new EventReads(store);
        this.shipper = new LogShipper(store, clock, LogShipper.DEFAULT_FLUSH_INTERVAL, LogShipper.DEFAULT_BATCH_LINES);
    }

    public List<Operation<?, ?>> operations() {
        return List.of(
                Operation.of("CreateLogGroup", CreateLogGroupRequest.class, this::createLogGroup),
                Operation.of("DeleteLogGroup", DeleteLogGroupRequest.class, this::deleteLogGroup),
                Operation.of("CreateLogStream", CreateLogStreamRequest.class, this::createLogStream),
                Operation.of("DeleteLogStream", DeleteLogStreamRequest.class, this::deleteLogStream),
                Operation.of("PutLogEvents", PutLogEventsRequest.class, this::putLogEvents),
                Operation.of("DescribeLogGroups", DescribeLogGroupsRequest.class, listings::describeLogGroups),
                Operation.of("DescribeLogStreams", DescribeLogStreamsRequest.class, listings::describeLogStreams),
                Operation.of("GetLogEvents", GetLogEventsRequest.class, reads::getLogEvents),
                Operation.of("FilterLogEvents", FilterLogEventsRequest.class, reads::filterLogEvents));
    }

    /** Where job runners send container output, one event per line. */
    public LogShipper shipper() {
        return shipper;
    }

    Object createLogGroup(RequestContext context, CreateLogGroupRequest request) {
        Validation.of().required("logGroupName", request.logGroupName())
                .groupName("logGroupName", request.logGroupName()).check();
        store.createGroup(context.region(), request.logGroupName(), clock.millis());
        return null;
    }

    Object deleteLogGroup(RequestContext context, DeleteLogGroupRequest request) {
        Validation.of().required("logGroupName", request.logGroupName())
                .groupName("logGroupName", request.logGroupName()).check();
        store.deleteGroup(context.region(), request.logGroupName());
        return null;
    }

    Object createLogStream(RequestContext context, CreateLogStreamRequest request) {
        validateStreamReference(request.logGroupName(), request.logStreamName());
        store.createStream(context.region(), request.logGroupName(), request.logStreamName(), clock.millis());
        return null;
    }

    Object deleteLogStream(RequestContext context, DeleteLogStreamRequest request) {
        validateStreamReference(request.logGroupName(), request.logStreamName());
        store.deleteStream(context.region(), request.logGroupName(), request.logStreamName());
        return null;
    }

    PutLogEventsResponse putLogEvents(RequestContext context, PutLogEventsRequest request) {
        Validation validation = Validation.of()
                .required("logGroupName", request.logGroupName()).groupName("logGroupName", request.logGroupName())
                .required("logStreamName", request.logStreamName())
                .streamName("logStreamName", request.logStreamName())
                .required("logEvents", request.logEvents()).size("logEvents", request.logEvents(), 1, 10_000);
        List<LogStore.NewEvent> events = new ArrayList<>();
        List<InputLogEvent> input = request.logEvents() == null ? List.of() : request.logEvents();
        for (int i = 0; i < input.size(); i++) {
            InputLogEvent event = input.get(i);
            String path = "logEvents." + (i + 1) + ".member.";
            validation.required(path + "timestamp", event == null ? null : event.timestamp())
                    .required(path + "message", event == null ? null : event.message())
                    .nonNegative(path + "timestamp", event == null ? null : event.timestamp());
            if (event != null && event.timestamp() != null && event.message() != null) {
                events.add(new LogStore.NewEvent(event.timestamp(), event.message()));
            }
        }
        validation.check();
        requireChronological(events);
        long next = store.append(context.region(), request.logGroupName(), request.logStreamName(), events,
                clock.millis());
        return new PutLogEventsResponse(String.format("%056d", next));
    }

    /** AWS refuses a batch whose events go back in time, or that spans more than a day. */
    private static void requireChronological(List<LogStore.NewEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).timestamp() < events.get(i - 1).timestamp()) {
                throw LogsError.INVALID_PARAMETER.exception(
                        "Log events in a single PutLogEvents request must be in chronological order.");
            }
        }
        if (events.getLast().timestamp() - events.getFirst().timestamp() > MAX_BATCH_SPAN) {
            throw LogsError.INVALID_PARAMETER.exception(
                    "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
    }

    private static void validateStreamReference(String group, String stream) {
        Validation.of().required("logGroupName", group).groupName("logGroupName", group)
                .required("logStreamName", stream).streamName("logStreamName", stream).check();
    }

    /** Flushes and closes every open log writer. */
    @Override
    public void close() {
        shipper.close();
    }
}
