package dev.sagebox.hosting;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.SageMakerError;

/** The hosting errors, each worded once as AWS words it (CONTRACTS §2.2); the waiters match these texts. */
final class HostingErrors {
    private HostingErrors() {
    }

    static AwsException modelNotFound(String arn) {
        return SageMakerError.VALIDATION.exception("Could not find model \"" + arn + "\".");
    }

    static AwsException configNotFound(String arn) {
        return SageMakerError.VALIDATION.exception("Could not find endpoint configuration \"" + arn + "\".");
    }

    static AwsException endpointNotFound(String arn) {
        return SageMakerError.VALIDATION.exception("Could not find endpoint \"" + arn + "\".");
    }

    static AwsException duplicateModel(String arn) {
        return SageMakerError.VALIDATION.exception("Cannot create already existing model \"" + arn + "\".");
    }

    static AwsException duplicateConfig(String arn) {
        return SageMakerError.VALIDATION.exception(
                "Cannot create already existing endpoint configuration \"" + arn + "\".");
    }

    static AwsException duplicateEndpoint(String arn) {
        return SageMakerError.VALIDATION.exception("Cannot create already existing endpoint \"" + arn + "\".");
    }

    static AwsException alreadyDeleting(String arn) {
        return SageMakerError.VALIDATION.exception("Cannot delete endpoint \"" + arn + "\" while it is Deleting.");
    }

    static AwsException notInService(String arn) {
        return SageMakerError.VALIDATION.exception("Cannot update in-progress endpoint \"" + arn + "\".");
    }

    static AwsException unknownVariants(java.util.List<String> names) {
        return SageMakerError.VALIDATION.exception("The variant(s) \"" + names
                + "\" is/are not present in the current endpoint config.");
    }
}
