package dev.anchor.api;

/**
 * A job's states: a summary of its tasks'. ROLLED_BACK: a workflow step failed with
 * {@code onError: rollback} and the completed steps' compensations ran.
 */
public enum JobState {
    PENDING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ROLLED_BACK;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == CANCELLED || this == ROLLED_BACK;
    }
}
