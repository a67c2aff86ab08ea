package dev.sagebox.logs.api;

/** CreateLogStream's input. */
public record CreateLogStreamRequest(String logGroupName, String logStreamName) {
}
