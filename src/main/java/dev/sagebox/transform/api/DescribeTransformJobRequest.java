package dev.sagebox.transform.api;

/** DescribeTransformJob input. */
public record DescribeTransformJobRequest(String transformJobName) {
}
