package dev.sagebox.logs.api;

/** DeleteLogStream's input. */
public record DeleteLogStreamRequest(String logGroupName, String logStreamName) {
}
