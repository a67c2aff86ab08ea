package dev.sagebox.logs;

import dev.sagebox.aws.Operation;
import dev.sagebox.aws.Region;
import dev.sagebox.aws.RequestContext;
import dev.sagebox.logs.api.CreateLogGroupRequest;
import dev.sagebox.logs.api.CreateLogStreamRequest;
import dev.sagebox.logs.api.PutLogEventsRequest;
import dev.sagebox.logs.api.PutLogEventsRequest.InputLogEvent;
import dev.sagebox.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A CloudWatchLogs service on a real state database in a temporary directory, called as the codec calls it. */
final class LogsFixture implements AutoCloseable {
    static final RequestContext CONTEXT =
            new RequestContext("req-1", Region.DEFAULT, "test", "http://127.0.0.1:1", Instant.EPOCH);

    final StateStore state;
    final CloudWatchLogs logs;
    private final Map<String, Operation<?, ?>> operations;

    LogsFixture(Path dir) {
        state = StateStore.open(dir, List.of(CloudWatchLogs.SCHEMA));
        logs = new CloudWatchLogs(state, Clock.systemUTC());
        operations = logs.operations().stream().collect(Collectors.toMap(Operation::name, Function.identity()));
    }

    <O> O call(String operation, Object request) {
        return callIn(Region.DEFAULT, operation, request);
    }

    /** Calls an operation as a request signed for {@code region} would. */
    @SuppressWarnings("unchecked")
    <O> O callIn(Region region, String operation, Object request) {
        RequestContext context = new RequestContext(CONTEXT.requestId(), region, CONTEXT.accessKeyId(),
                CONTEXT.baseUrl(), CONTEXT.receivedAt());
        return (O) operations.get(operation).invoke(context, request);
    }

    void createGroup(String group) {
        call("CreateLogGroup", new CreateLogGroupRequest(group, null, null, null));
    }

    void createStream(String group, String stream) {
        call("CreateLogStream", new CreateLogStreamRequest(group, stream));
    }

    /** Puts events with the given timestamps; each message is {@code m<timestamp>}. */
    void put(String group, String stream, long... timestamps) {
        List<InputLogEvent> events = java.util.Arrays.stream(timestamps)
                .mapToObj(t -> new InputLogEvent(t, "m" + t)).toList();
        call("PutLogEvents", new PutLogEventsRequest(group, stream, events, null));
    }

    @Override
    public void close() {
        logs.close();
        state.close();
    }
}
