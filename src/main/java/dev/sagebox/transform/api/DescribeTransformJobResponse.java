package dev.sagebox.transform.api;

import java.time.Instant;
import java.util.Map;

/**
 * DescribeTransformJob output. The batch settings are the effective ones: what the user sent, else what the
 * container's {@code /execution-parameters} proposed, else Sagebox's defaults, once the job has started.
 */
public record DescribeTransformJobResponse(
        String transformJobName, String transformJobArn, String transformJobStatus, String failureReason,
        String modelName, Integer maxConcurrentTransforms, ModelClientConfig modelClientConfig, Integer maxPayloadInMB,
        String batchStrategy, Map<String, String> environment, TransformInput transformInput,
        TransformOutput transformOutput, Map<String, Object> dataCaptureConfig,
        TransformResources transformResources, Instant creationTime, Instant transformStartTime,
        Instant transformEndTime, DataProcessing dataProcessing, Map<String, Object> experimentConfig) {
}
