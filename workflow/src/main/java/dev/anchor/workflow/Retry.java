package dev.anchor.workflow;

import java.util.random.RandomGenerator;

/**
 * A resolved retry policy: {@code count} more tries after the first, exponential backoff from
 * {@code backoffMs} capped at {@code maxBackoffMs}, plus up to {@code jitter} × the delay at random.
 */
public record Retry(int count, long backoffMs, long maxBackoffMs, double jitter) {
    public static final Retry NONE = new Retry(0, 0, 0, 0);
    static final Retry DEFAULT_FOR_ON_ERROR_RETRY = new Retry(3, 1_000, 60_000, 0.2);

    /** The delay before try number {@code tries + 1} (tries ≥ 1 already made). */
    public long delayMs(int tries, RandomGenerator random) {
        double base = Math.min((double) maxBackoffMs, backoffMs * Math.pow(2, Math.max(0, tries - 1)));
        return Math.round(base + (jitter > 0 ? random.nextDouble() * jitter * base : 0));
    }
}
