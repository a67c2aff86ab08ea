package dev.sagebox.logs.api;

import java.util.List;

/** DescribeLogGroups' output; {@code nextToken} is present only when more groups follow. */
public record DescribeLogGroupsResponse(List<LogGroup> logGroups, String nextToken) {

    /**
     * One group. {@code arn} ends in {@code :*} while {@code logGroupArn} does not, as AWS returns them.
     */
    public record LogGroup(String logGroupName, Long creationTime, Integer metricFilterCount, String arn,
                           Long storedBytes, String logGroupClass, String logGroupArn) {
    }
}
