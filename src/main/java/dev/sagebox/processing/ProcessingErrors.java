package dev.sagebox.processing;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.SageMakerError;

/** The processing-job errors, each worded once as AWS words it (CONTRACTS §2.2). */
final class ProcessingErrors {
    private ProcessingErrors() {
    }

    /** What AWS answers for a missing processing job; the SDK waiters treat it as a failure state. */
    static AwsException notFound(String name) {
        return SageMakerError.VALIDATION.exception("Could not find requested job with name " + name);
    }

    static AwsException duplicate(String existingArn) {
        return SageMakerError.RESOURCE_IN_USE.exception("Processing job names must be unique within an AWS account"
                + " and region, and a processing job with this name already exists (" + existingArn + ")");
    }

    static AwsException notStoppable(ProcessingJobStatus status) {
        return SageMakerError.VALIDATION.exception(
                "The request was rejected because the processing job is in status " + status.wireName() + ".");
    }

    static AwsException tooManyInstances(String instanceType, int max, int requested) {
        return SageMakerError.RESOURCE_LIMIT_EXCEEDED.exception("The account-level service limit '" + instanceType
                + " for processing job usage' is " + max + " Instances, with current utilization of 0 Instances and"
                + " a request delta of " + requested + " Instances.");
    }
}
