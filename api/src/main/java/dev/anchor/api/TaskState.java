package dev.anchor.api;

/** A task's states, ARCHITECTURE.md §3. Each transition is a committed row. */
public enum TaskState {
    PENDING, READY, LEASED, RUNNING, VERIFYING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == CANCELLED;
    }
}
