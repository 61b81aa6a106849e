package dev.anchor.store;

/**
 * A task leased to a node: the new attempt, its expiry and the spec to run. {@code tries} counts the
 * runs of a workflow step's code (1 on the first, 2 on the first retry); 1 for single tasks.
 */
public record LeasedTask(String taskId, String attemptId, String jobId, String runtime, String specJson, long expiresAt,
                         long jobCreatedAt, int tries) {}
