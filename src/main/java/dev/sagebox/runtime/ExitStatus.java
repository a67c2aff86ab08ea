package dev.sagebox.runtime;

/** How a workload ended. Callers {@code switch} over it to pick the job's status and failure reason. */
public sealed interface ExitStatus {
    /** The workload's exit code, as far as it is known (128 + signal for a killed process). */
    int code();

    /** It exited by itself. */
    record Exited(int code) implements ExitStatus {
    }

    /** The kernel killed it for using more memory than its limit. */
    record OomKilled(int code) implements ExitStatus {
    }

    /** It was stopped because it ran past its time limit ({@link Workload#timeOut}). */
    record TimedOut(int code) implements ExitStatus {
    }

    /** It was stopped on request ({@link Workload#stop}). */
    record Stopped(int code) implements ExitStatus {
    }
}
