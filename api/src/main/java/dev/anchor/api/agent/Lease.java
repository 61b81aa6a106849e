package dev.anchor.api.agent;

import dev.anchor.api.TaskSpec;

/**
 * One leased attempt. The agent must report it (started, finished) before {@code expiresAt}, which
 * heartbeats extend. {@code seed} and {@code clock} make the guest's randomness and time reproducible.
 * The spec's module and input are blob references or inline data.
 */
public record Lease(
        String taskId, String attemptId, String jobId, String runtime, TaskSpec spec, long expiresAt, long seed, long clock) {}
