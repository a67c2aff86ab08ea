package dev.sagebox.jobs.placement;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instance type to container limits (README, "Instance types"). A size gives the vCPUs as on AWS ({@code large} 2,
 * {@code xlarge} 4, {@code Nxlarge} 4N, {@code medium} 2) and the family letter the memory per vCPU: {@code c} 2 GiB,
 * {@code t} 2 GiB, {@code m} 4 GiB, {@code g} 4 GiB, {@code p} 8 GiB, {@code r} 8 GiB, {@code x} 16 GiB,
 * {@code trn} and {@code inf} 4 GiB. {@code ml.g*},
 * {@code ml.p*} and {@code local_gpu} have GPUs; {@code local}, {@code local_gpu} and unknown shapes have no limits.
 * {@code sagebox.instanceTypes} overrides entries: {@code ml.m5.large=2/8g,ml.g5.xlarge=4/16g/gpu}.
 */
public final class InstanceTypes {
    private static final Pattern SHAPE = Pattern.compile("ml\\.([a-z]+)(\\d+)[a-z-]*\\.(medium|large|(\\d*)xlarge)");
    private static final Map<String, Integer> GIB_PER_CPU = Map.of("c", 2, "t", 2, "m", 4, "g", 4, "p", 8,
            "r", 8, "x", 16, "trn", 4, "inf", 4);
    private static final long GIB = 1L << 30;

    private final Map<String, InstanceType> overrides;

    public InstanceTypes(Map<String, InstanceType> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    public static InstanceTypes builtIn() {
        return new InstanceTypes(Map.of());
    }

    public InstanceType of(String instanceType) {
        if (instanceType == null) {
            return new InstanceType(null, null, false);
        }
        InstanceType override = overrides.get(instanceType);
        if (override != null) {
            return override;
        }
        if (instanceType.equals("local") || instanceType.equals("local_gpu")) {
            return new InstanceType(null, null, instanceType.equals("local_gpu"));
        }
        boolean gpus = instanceType.startsWith("ml.g") || instanceType.startsWith("ml.p");
        Matcher shape = SHAPE.matcher(instanceType);
        if (!shape.matches()) {
            return new InstanceType(null, null, gpus);
        }
        int cpus = switch (shape.group(3)) {
            case "medium", "large" -> 2;
            case "xlarge" -> 4;
            default -> 4 * Integer.parseInt(shape.group(4));
        };
        Integer perCpu = GIB_PER_CPU.get(shape.group(1));
        return new InstanceType((double) cpus, perCpu == null ? null : cpus * perCpu * GIB, gpus);
    }

    /**
     * Parses {@code sagebox.instanceTypes}: comma-separated {@code <type>=<vCPUs>/<memory>[/gpu]}, memory with a
     * {@code k}, {@code m} or {@code g} suffix (plain numbers are GiB).
     */
    public static InstanceTypes parse(String key, String value) {
        Map<String, InstanceType> parsed = new LinkedHashMap<>();
        if (value != null) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    parseEntry(key, entry.trim(), parsed);
                }
            }
        }
        return new InstanceTypes(parsed);
    }

    private static void parseEntry(String key, String entry, Map<String, InstanceType> parsed) {
        int eq = entry.indexOf('=');
        String[] parts = eq < 0 ? new String[0] : entry.substring(eq + 1).split("/");
        if (eq <= 0 || parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException(key + " entries are <type>=<vCPUs>/<memory>[/gpu], not '" + entry
                    + "'");
        }
        try {
            double cpus = Double.parseDouble(parts[0].trim());
            boolean gpus = parts.length == 3 && (parts[2].trim().equalsIgnoreCase("gpu")
                    || parts[2].trim().matches("[1-9]\\d*"));
            parsed.put(entry.substring(0, eq).trim(), new InstanceType(cpus, bytes(parts[1].trim()), gpus));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": cannot read '" + entry + "': " + e.getMessage());
        }
    }

    private static long bytes(String size) {
        String v = size.toLowerCase(Locale.ROOT);
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> GIB;
            default -> 0;
        };
        return unit == 0 ? Math.round(Double.parseDouble(v) * GIB)
                : Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * unit);
    }
}
