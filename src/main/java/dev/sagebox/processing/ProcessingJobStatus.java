package dev.sagebox.processing;

import java.util.Set;

/** A processing job's status with its wire name: InProgress → Completed | Failed | Stopping → Stopped. */
public enum ProcessingJobStatus {
    IN_PROGRESS("InProgress"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    STOPPING("Stopping"),
    STOPPED("Stopped");

    private final String wireName;

    ProcessingJobStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    /** Whether the status machine allows a move from this status to {@code next}. */
    boolean canMoveTo(ProcessingJobStatus next) {
        return switch (this) {
            case IN_PROGRESS -> Set.of(COMPLETED, FAILED, STOPPING).contains(next);
            // A stopped job whose server died before it finished stopping is failed at restart.
            case STOPPING -> next == STOPPED || next == FAILED;
            case COMPLETED, FAILED, STOPPED -> false;
        };
    }

    static ProcessingJobStatus ofWireName(String name) {
        for (ProcessingJobStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown processing job status " + name);
    }
}
