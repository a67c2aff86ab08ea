package dev.sagebox.logs.api;

import java.util.Map;

/** CreateLogGroup's input; tags and KMS key are accepted and ignored. */
public record CreateLogGroupRequest(String logGroupName, String kmsKeyId, Map<String, String> tags,
                                    String logGroupClass) {
}
