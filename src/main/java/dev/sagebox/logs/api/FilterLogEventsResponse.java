package dev.sagebox.logs.api;

import java.util.List;

/** FilterLogEvents' output; {@code nextToken} is present only when more matching events follow. */
public record FilterLogEventsResponse(List<FilteredLogEvent> events, List<SearchedLogStream> searchedLogStreams,
                                      String nextToken) {

    /** One matching event with the stream it came from. */
    public record FilteredLogEvent(String logStreamName, Long timestamp, String message, Long ingestionTime,
                                   String eventId) {
    }

    /** A stream this call searched. */
    public record SearchedLogStream(String logStreamName, Boolean searchedCompletely) {
    }
}
