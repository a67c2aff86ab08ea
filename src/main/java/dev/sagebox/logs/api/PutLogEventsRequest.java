package dev.sagebox.logs.api;

import java.util.List;

/** PutLogEvents' input. {@code sequenceToken} is accepted and ignored, as AWS has done since 2023. */
public record PutLogEventsRequest(String logGroupName, String logStreamName, List<InputLogEvent> logEvents,
                                  String sequenceToken) {

    /** One event as a client sends it: epoch milliseconds and the message. */
    public record InputLogEvent(Long timestamp, String message) {
    }
}
