package dev.sagebox.training;

/** The primary status of a training job, with its wire name. */
public enum TrainingJobStatus {
    IN_PROGRESS("InProgress"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    STOPPING("Stopping"),
    STOPPED("Stopped");

    private final String wireName;

    TrainingJobStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    /** The status with this wire name, or null if there is none (StatusEquals is validated before). */
    public static TrainingJobStatus ofWireName(String name) {
        for (TrainingJobStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        return null;
    }
}
