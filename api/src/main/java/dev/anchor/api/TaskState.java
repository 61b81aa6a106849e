package dev.anchor.api;

/**
 * A task's states, ARCHITECTURE.md §3. Each transition is a committed row. VERIFYING: a run ended and
 * the task waits for its replicas' runs; UNVERIFIED: no quorum of runs agreed (docs/verification.md).
 */
public enum TaskState {
    PENDING, READY, LEASED, RUNNING, VERIFYING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, UNVERIFIED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == CANCELLED || this == UNVERIFIED;
    }
}
