package dev.sagebox.logs.api;

/** DeleteLogGroup's input. */
public record DeleteLogGroupRequest(String logGroupName) {
}
