package dev.sagebox.logs.api;

import java.util.List;

/** FilterLogEvents' input. {@code interleaved} is deprecated by AWS and always true here. */
public record FilterLogEventsRequest(String logGroupName, String logGroupIdentifier, List<String> logStreamNames,
                                     String logStreamNamePrefix, Long startTime, Long endTime, String filterPattern,
                                     String nextToken, Integer limit, Boolean interleaved, Boolean unmask) {
}
