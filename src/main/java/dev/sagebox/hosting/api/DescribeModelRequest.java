package dev.sagebox.hosting.api;

/** DescribeModel input. */
public record DescribeModelRequest(String modelName) {
}
