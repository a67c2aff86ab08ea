package dev.sagebox.training;

import java.time.Instant;
import java.util.List;

/**
 * Sagebox's own {@code SageboxImport.ImportTrainingJob} input, sent by {@code sagebox import training-job}: the cloud
 * job's DescribeTrainingJob result as the spec (its Create members share their names), where it came from, and its
 * results. The model data must already be in the local S3 at {@code modelArtifacts}.
 */
public record ImportTrainingJobRequest(CreateTrainingJobRequest trainingJob, String sourceArn,
                                       ModelArtifacts modelArtifacts, List<MetricData> finalMetricDataList,
                                       Instant trainingStartTime, Instant trainingEndTime) {
}
