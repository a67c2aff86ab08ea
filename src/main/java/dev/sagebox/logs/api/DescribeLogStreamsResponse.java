package dev.sagebox.logs.api;

import java.util.List;

/** DescribeLogStreams' output; {@code nextToken} is present only when more streams follow. */
public record DescribeLogStreamsResponse(List<LogStream> logStreams, String nextToken) {

    /** One stream; the event times are absent until its first event. */
    public record LogStream(String logStreamName, Long creationTime, Long firstEventTimestamp,
                            Long lastEventTimestamp, Long lastIngestionTime, String uploadSequenceToken, String arn,
                            Long storedBytes) {
    }
}
