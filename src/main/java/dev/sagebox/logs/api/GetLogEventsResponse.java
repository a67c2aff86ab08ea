package dev.sagebox.logs.api;

import java.util.List;

/** GetLogEvents' output. Both tokens are always present; see {@code logs.EventToken} for their rules. */
public record GetLogEventsResponse(List<OutputLogEvent> events, String nextForwardToken,
                                   String nextBackwardToken) {

    /** One stored event. */
    public record OutputLogEvent(Long timestamp, String message, Long ingestionTime) {
    }
}
