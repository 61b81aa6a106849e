package dev.anchor.bench.runtimes;

import java.util.Arrays;
import java.util.List;

/** Durations in nanoseconds and the order statistics the benchmark prints (nearest rank). */
record Samples(long[] sortedNanos) {
    Samples {
        sortedNanos = sortedNanos.clone();
        Arrays.sort(sortedNanos);
    }

    static Samples of(List<Long> nanos) {
        return new Samples(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    /** The {@code q}-quantile (0 < q ≤ 1) in milliseconds. */
    double millis(double q) {
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)] / 1e6;
    }

    double p50() {
        return millis(0.5);
    }

    double min() {
        return sortedNanos[0] / 1e6;
    }

    static double geomean(List<Double> values) {
        return Math.exp(values.stream().mapToDouble(Math::log).average().orElse(Double.NaN));
    }
}
