package dev.sagebox.bench;

import java.util.List;

/**
 * One measured figure of the full report: its samples (after {@code warmups} unmeasured runs), and the name of the
 * figure in the same section it is compared with, or null for a baseline itself.
 */
public record Figure(String name, String unit, int warmups, List<Double> samples, String baseline) {
    public Figure {
        samples = List.copyOf(samples);
    }

    public static Figure baseline(String name, String unit, int warmups, List<Double> samples) {
        return new Figure(name, unit, warmups, samples, null);
    }

    public static Figure against(String baseline, String name, String unit, int warmups, List<Double> samples) {
        return new Figure(name, unit, warmups, samples, baseline);
    }

    public int reps() {
        return samples.size();
    }

    public double min() {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double max() {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public double median() {
        List<Double> sorted = samples.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
