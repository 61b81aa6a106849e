package dev.anchor.workflow;

/** A workflow step's states. */
public enum StepState {
    /** Waiting for its needs. */
    PENDING,
    /** Its task (or fan-out tasks) exist and are running or queued. */
    RUNNING,
    SUCCEEDED,
    /** Failed after its retries. */
    FAILED,
    /** Its condition was false, a need was skipped, or it failed with onError: skip. */
    SKIPPED,
    CANCELLED,
    /** Its compensation ran after a rollback. */
    COMPENSATED;

    public boolean isDone() {
        return this != PENDING && this != RUNNING;
    }

    /** Done in a way that lets dependents run. */
    boolean letsDependentsRun() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
