package dev.sagebox.runtime;

/**
 * Resource limits a runtime applies where it can; a null member means no limit. The process runtime has no cgroup and
 * applies none.
 */
public record Limits(Long memoryBytes, Double cpus) {
    public static Limits none() {
        return new Limits(null, null);
    }
}
