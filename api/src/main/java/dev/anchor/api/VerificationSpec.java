package dev.anchor.api;

/**
 * How a job's results are verified (docs/verification.md). Absent fields take the defaults.
 *
 * @param policy      {@code none} (default: one run, its signed receipt checked), {@code fixed} ({@code replicas}
 *                    runs for every task) or {@code adaptive} (trusted nodes run most tasks once, others are replicated)
 * @param replicas    fixed: runs per task; adaptive: runs of a replicated task (default: quorum)
 * @param quorum      runs from nodes of distinct owners that must agree (default 2)
 * @param maxReplicas runs at most before the task ends UNVERIFIED (default replicas + 2)
 * @param comparator  {@code exact} (default: the output bytes) or {@code json} (equal JSON, numbers within {@code tolerance})
 * @param tolerance   json: absolute tolerance for numbers (default 0)
 */
public record VerificationSpec(String policy, Integer replicas, Integer quorum, Integer maxReplicas, String comparator,
                               Double tolerance) {}
