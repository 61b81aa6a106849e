package dev.anchor.store;

/** A task leased to a node: the new attempt, its expiry and the spec to run. */
public record LeasedTask(String taskId, String attemptId, String jobId, String runtime, String specJson, long expiresAt,
                         long jobCreatedAt) {}
