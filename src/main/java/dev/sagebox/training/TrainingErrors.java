package dev.sagebox.training;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.SageMakerError;

/** The training-job errors, each worded once as AWS words it (CONTRACTS §2.2). */
final class TrainingErrors {
    private TrainingErrors() {
    }

    /** What AWS answers for a missing training job; the SDK waiters treat it as a failure state. */
    static AwsException notFound() {
        return SageMakerError.VALIDATION.exception("Requested resource not found.");
    }

    static AwsException duplicate(String existingArn) {
        return SageMakerError.RESOURCE_IN_USE.exception("Training job names must be unique within an AWS account "
                + "and region, and a training job with this name already exists (" + existingArn + ")");
    }

    static AwsException notStoppable(TrainingJobStatus status) {
        return SageMakerError.VALIDATION.exception(
                "The request was rejected because the training job is in status " + status.wireName() + ".");
    }

    static AwsException tooManyInstances(String instanceType, int max, int requested) {
        return SageMakerError.RESOURCE_LIMIT_EXCEEDED.exception("The account-level service limit '" + instanceType
                + " for training job usage' is " + max + " Instances, with current utilization of 0 Instances and a"
                + " request delta of " + requested + " Instances.");
    }
}
