package dev.sagebox.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The secondary status machine of CONTRACTS §3.2. {@link #transition} is the only way a job's status changes: it
 * refuses illegal moves and records each move in {@code SecondaryStatusTransitions}, which SDKs print as progress.
 */
public enum SecondaryStatus {
    STARTING("Starting", TrainingJobStatus.IN_PROGRESS),
    DOWNLOADING("Downloading", TrainingJobStatus.IN_PROGRESS),
    TRAINING("Training", TrainingJobStatus.IN_PROGRESS),
    /** Keeps the primary status: uploading runs while InProgress, while Stopping, and before Failed. */
    UPLOADING("Uploading", null),
    STOPPING("Stopping", TrainingJobStatus.STOPPING),
    COMPLETED("Completed", TrainingJobStatus.COMPLETED),
    FAILED("Failed", TrainingJobStatus.FAILED),
    STOPPED("Stopped", TrainingJobStatus.STOPPED),
    MAX_RUNTIME_EXCEEDED("MaxRuntimeExceeded", TrainingJobStatus.STOPPED);

    public static final String MSG_STARTING = "Starting the training job";
    public static final String MSG_LAUNCHING = "Launching requested ML instances";
    public static final String MSG_PREPARING = "Preparing the instances for training";
    public static final String MSG_DOWNLOADING = "Downloading input data";
    public static final String MSG_IMAGE = "Downloading the training image";
    public static final String MSG_TRAINING = "Training image download completed. Training in progress.";
    public static final String MSG_UPLOADING = "Uploading generated training model";
    public static final String MSG_COMPLETED = "Training job completed";
    public static final String MSG_FAILED = "Training job failed";
    public static final String MSG_STOPPING = "Stopping the training job";
    public static final String MSG_STOPPED = "Training job stopped";
    public static final String MSG_MAX_RUNTIME = "Training job runtime exceeded MaxRuntimeInSeconds provided";

    private final String wireName;
    private final TrainingJobStatus primary;

    SecondaryStatus(String wireName, TrainingJobStatus primary) {
        this.wireName = wireName;
        this.primary = primary;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return primary != null && primary.isTerminal();
    }

    private Set<SecondaryStatus> successors() {
        return switch (this) {
            case STARTING -> EnumSet.of(STARTING, DOWNLOADING, TRAINING, UPLOADING, STOPPING, FAILED);
            case DOWNLOADING -> EnumSet.of(DOWNLOADING, TRAINING, UPLOADING, STOPPING, FAILED);
            case TRAINING -> EnumSet.of(TRAINING, UPLOADING, STOPPING, FAILED);
            case UPLOADING -> EnumSet.of(UPLOADING, STOPPING, COMPLETED, FAILED, STOPPED, MAX_RUNTIME_EXCEEDED);
            case STOPPING -> EnumSet.of(STOPPING, UPLOADING, STOPPED, MAX_RUNTIME_EXCEEDED, FAILED);
            case COMPLETED, FAILED, STOPPED, MAX_RUNTIME_EXCEEDED -> EnumSet.noneOf(SecondaryStatus.class);
        };
    }

    /**
     * Moves {@code job} to {@code next} with {@code message}. A new status closes the open transition; the same status
     * with a new message rewrites it; a terminal move records {@code EndTime = StartTime} and the job's end time.
     *
     * @throws IllegalStateException for a move the machine does not allow (a bug in the caller)
     */
    public static TrainingJob transition(TrainingJob job, SecondaryStatus next, String message, Instant at) {
        SecondaryStatus current = job.secondaryStatus();
        TrainingJobStatus primary = next.primary == null ? job.status() : next.primary;
        boolean allowed = current.successors().contains(next)
                && (next != COMPLETED || job.status() == TrainingJobStatus.IN_PROGRESS)
                && (next.primary != TrainingJobStatus.STOPPED || job.status() == TrainingJobStatus.STOPPING);
        if (!allowed) {
            throw new IllegalStateException("training job " + job.name() + " cannot move from " + job.status()
                    + "/" + current + " to " + next);
        }
        List<SecondaryStatusTransition> transitions = new ArrayList<>(job.transitions());
        int last = transitions.size() - 1;
        if (last >= 0 && current == next) {
            SecondaryStatusTransition open = transitions.get(last);
            transitions.set(last, new SecondaryStatusTransition(open.status(), open.startTime(), open.endTime(),
                    message));
        } else {
            if (last >= 0) {
                SecondaryStatusTransition open = transitions.get(last);
                transitions.set(last, new SecondaryStatusTransition(open.status(), open.startTime(), at,
                        open.statusMessage()));
            }
            transitions.add(new SecondaryStatusTransition(next.wireName, at, next.isTerminal() ? at : null, message));
        }
        return job.moved(primary, next, List.copyOf(transitions), at);
    }
}
