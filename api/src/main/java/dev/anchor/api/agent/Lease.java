package dev.anchor.api.agent;

import dev.anchor.api.TaskSpec;

/**
 * One leased attempt. The agent must report it (started, finished) before {@code expiresAt}, which
 * heartbeats extend. {@code seed} and {@code clock} make the guest's randomness and time reproducible.
 * The spec's module and input are blob references or inline data. {@code tries} is the run number of
 * a workflow step's code (1, then 2 on its first retry); the agent shows it to the guest as
 * {@code ANCHOR_TRY}.
 */
public record Lease(
        String taskId, String attemptId, String jobId, String runtime, TaskSpec spec, long expiresAt, long seed, long clock, int tries) {}
