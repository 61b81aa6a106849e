package dev.anchor.api;

/**
 * Retries of a failed step: up to {@code count} more attempts, waiting {@code backoffMs} × 2^(n-1)
 * (capped at {@code maxBackoffMs}), with up to {@code jitter} of that added at random (0..1).
 */
public record RetrySpec(Integer count, Long backoffMs, Long maxBackoffMs, Double jitter) {}
