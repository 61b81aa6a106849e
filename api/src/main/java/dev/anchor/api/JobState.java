package dev.anchor.api;

/** A job's states: a summary of its tasks'. */
public enum JobState {
    PENDING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == CANCELLED;
    }
}
