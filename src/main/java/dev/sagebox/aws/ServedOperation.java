package dev.sagebox.aws;

/**
 * One operation the server answers, as {@code GET /_sagebox/operations} lists it and docs/coverage.md is generated
 * from.
 *
 * @param service  the service's botocore name: {@code sagemaker}, {@code sagemaker-runtime}, {@code logs},
 *                 {@code s3} or {@code sts}
 * @param name     the operation's name in that service's API
 * @param executes whether it does real work (runs or stops workloads, invokes them, stores or serves object data)
 *                 rather than only storing or reading records
 */
public record ServedOperation(String service, String name, boolean executes) {
}
