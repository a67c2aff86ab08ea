package dev.sagebox.logs.api;

/** DescribeLogStreams' input. {@code orderBy} is {@code LogStreamName} (default) or {@code LastEventTime}. */
public record DescribeLogStreamsRequest(String logGroupName, String logGroupIdentifier, String logStreamNamePrefix,
                                        String orderBy, Boolean descending, String nextToken, Integer limit) {
}
