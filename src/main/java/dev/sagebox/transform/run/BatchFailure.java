package dev.sagebox.transform.run;

/** A batch that could not be transformed; the message is the job's FailureReason. */
final class BatchFailure extends Exception {
    BatchFailure(String reason) {
        super(reason, null, false, false);
    }
}
