package dev.sagebox.transform;

import java.util.EnumSet;
import java.util.Set;

/**
 * The status of a transform job with its wire name: InProgress, then Completed or Failed, or Stopping then Stopped.
 * {@link #canMoveTo} is the machine; the store refuses any other move.
 */
public enum TransformJobStatus {
    IN_PROGRESS("InProgress"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    STOPPING("Stopping"),
    STOPPED("Stopped");

    private final String wireName;

    TransformJobStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    /** Whether a job in this status may move to {@code next}. A stopping job still fails if its run breaks. */
    public boolean canMoveTo(TransformJobStatus next) {
        Set<TransformJobStatus> allowed = switch (this) {
            case IN_PROGRESS -> EnumSet.of(COMPLETED, FAILED, STOPPING);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            default -> EnumSet.noneOf(TransformJobStatus.class);
        };
        return allowed.contains(next);
    }

    /** The status with this wire name, or null if there is none (StatusEquals is validated before). */
    public static TransformJobStatus ofWireName(String name) {
        for (TransformJobStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        return null;
    }
}
