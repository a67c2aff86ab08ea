package dev.sagebox.bench.training;

import java.util.List;

/** Millisecond samples of one measurement, summarised as min / median / max. */
record Stats(String name, List<Double> millis) {
    double min() {
        return millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    double median() {
        List<Double> sorted = millis.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    String row() {
        return String.format("| %s | %d | %.1f | %.1f | %.1f |", name, millis.size(), min(), median(), max());
    }

    static String header() {
        return "| measurement | reps | min ms | median ms | max ms |\n|---|---|---|---|---|";
    }
}
