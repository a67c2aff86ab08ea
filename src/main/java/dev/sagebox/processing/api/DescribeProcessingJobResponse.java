package dev.sagebox.processing.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** DescribeProcessingJob output: the request echo with defaults, plus status, times and failure details. */
public record DescribeProcessingJobResponse(
        List<ProcessingInput> processingInputs, ProcessingOutputConfig processingOutputConfig,
        String processingJobName, ProcessingResources processingResources,
        ProcessingStoppingCondition stoppingCondition, AppSpecification appSpecification,
        Map<String, String> environment, Map<String, Object> networkConfig, String roleArn,
        Map<String, Object> experimentConfig, String processingJobArn, String processingJobStatus,
        String exitMessage, String failureReason, Instant processingEndTime, Instant processingStartTime,
        Instant lastModifiedTime, Instant creationTime) {
}
