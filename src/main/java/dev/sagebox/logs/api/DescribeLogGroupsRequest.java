package dev.sagebox.logs.api;

/** DescribeLogGroups' input; {@code logGroupNamePattern} is a case-insensitive substring. */
public record DescribeLogGroupsRequest(String logGroupNamePrefix, String logGroupNamePattern, String nextToken,
                                       Integer limit) {
}
