package dev.sagebox.bench;

import java.util.List;

/** Throughput of the measured repetitions of one workload, in MiB/s, with the wall time of each. */
record Samples(List<Double> mibPerSecond) {
    static Samples of(long bytesPerRep, List<Long> nanos) {
        return new Samples(nanos.stream().map(n -> bytesPerRep / (1024.0 * 1024.0) / (n / 1e9)).toList());
    }

    double min() {
        return mibPerSecond.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return mibPerSecond.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    double median() {
        List<Double> sorted = mibPerSecond.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
