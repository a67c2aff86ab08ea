package dev.sagebox.runtime.docker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the Docker runtime talks to its engine and shapes containers. Built by {@code Sagebox.java} from the
 * {@code sagebox.docker.*} and {@code sagebox.images} keys (README).
 *
 * @param host         the engine's address ({@code unix:///...} or {@code tcp://...}), or null for
 *                     {@code DOCKER_HOST}, then the default socket
 * @param allowPull    whether a missing image may be pulled ({@code sagebox.docker.allowPull}, default false)
 * @param user         {@code auto} (the server's own uid:gid), {@code image} (the image's USER) or {@code uid:gid}
 * @param shmBytes     {@code /dev/shm} size, or null for half the memory limit (1 GiB without one)
 * @param requireGpus  whether a workload that asks for GPUs fails when the engine has no nvidia runtime, instead of
 *                     running on CPU with a warning
 * @param applyLimits  whether memory and CPU limits are applied at all
 * @param aliases      the {@code sagebox.images} map: image URI or glob to local image name, first match wins
 */
public record DockerSettings(String host, boolean allowPull, String user, Long shmBytes, boolean requireGpus,
                             boolean applyLimits, Map<String, String> aliases) {
    public static final String USER_AUTO = "auto";
    public static final String USER_IMAGE = "image";

    public DockerSettings {
        user = user == null || user.isBlank() ? USER_AUTO : user.trim();
        aliases = aliases == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
    }

    public static DockerSettings defaults() {
        return new DockerSettings(null, false, USER_AUTO, null, false, true, Map.of());
    }

    /**
     * Parses a size such as {@code 1g}, {@code 512m}, {@code 65536k} or plain bytes; null or {@code auto} is null.
     */
    public static Long parseSize(String key, String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto")) {
            return null;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        String digits = unit == 1L ? v : v.substring(0, v.length() - 1);
        try {
            return Math.round(Double.parseDouble(digits) * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a size such as 1g or 512m, not '" + value + "'");
        }
    }
}
