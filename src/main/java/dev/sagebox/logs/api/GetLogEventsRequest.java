package dev.sagebox.logs.api;

/** GetLogEvents' input: {@code startTime} inclusive, {@code endTime} exclusive, both epoch milliseconds. */
public record GetLogEventsRequest(String logGroupName, String logGroupIdentifier, String logStreamName,
                                  Long startTime, Long endTime, String nextToken, Integer limit,
                                  Boolean startFromHead, Boolean unmask) {
}
