package dev.anchor.bench;

import java.util.Arrays;

/** Order statistics of a set of durations, by nearest rank; printed in milliseconds. */
record Distribution(long[] sortedNanos) {
    Distribution {
        sortedNanos = sortedNanos.clone();
        Arrays.sort(sortedNanos);
    }

    int count() {
        return sortedNanos.length;
    }

    /** The {@code q}-quantile (0 < q ≤ 1) in milliseconds; NaN when empty. */
    double millis(double q) {
        if (sortedNanos.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)] / 1e6;
    }

    double p50() {
        return millis(0.50);
    }

    double p90() {
        return millis(0.90);
    }

    double p99() {
        return millis(0.99);
    }

    double max() {
        return millis(1.0);
    }

    /** {@code p50 1.23  p90 …  p99 …  max … ms}. */
    String summary() {
        return String.format("p50 %6.2f  p90 %6.2f  p99 %6.2f  max %7.2f ms", p50(), p90(), p99(), max());
    }
}
