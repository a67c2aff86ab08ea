package dev.sagebox.runtime;

/** Which of the workload's streams a line came from. */
public enum OutputSource {
    STDOUT,
    STDERR
}
