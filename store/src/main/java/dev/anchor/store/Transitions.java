package dev.anchor.store;

import dev.anchor.api.JobState;
import dev.anchor.api.TaskState;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The state changes shared by the stores. Each writes the new state and its event row in the
 * caller's transaction, so a transition and its record commit together or not at all.
 */
final class Transitions {
    private Transitions() {}

    /** One event row, for {@link Jdbc#update} or, with a row per event, {@link Jdbc#batch} (a multi-row insert on PostgreSQL). */
    static final String EVENT_INSERT = "INSERT INTO events (job_id, task_id, type, state, message, at) VALUES (?, ?, ?, ?, ?, ?)";

    static void event(Connection c, String jobId, String taskId, String type, String state, String message, long now)
            throws SQLException {
        Jdbc.update(c, EVENT_INSERT,
                jobId, taskId, type, state, message, now);
    }

    /** Moves a job to RUNNING if it is still PENDING. */
    static void jobRunning(Connection c, String jobId, long now) throws SQLException {
        if (Jdbc.update(c, "UPDATE jobs SET state = 'RUNNING', updated_at = ? WHERE id = ? AND state = 'PENDING'", now, jobId) > 0) {
            event(c, jobId, null, "job", JobState.RUNNING.name(), null, now);
        }
    }

    /** Ends a job (single-task jobs end with their task). */
    static void jobFinished(Connection c, String jobId, JobState state, String message, long now) throws SQLException {
        if (Jdbc.update(c, "UPDATE jobs SET state = ?, updated_at = ?, finished_at = ? WHERE id = ? AND state NOT IN "
                + "('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED')", state, now, now, jobId) > 0) {
            event(c, jobId, null, "job", state.name(), message, now);
        }
    }

    static JobState jobStateFor(TaskState terminal) {
        return switch (terminal) {
            case SUCCEEDED -> JobState.SUCCEEDED;
            case FAILED, UNVERIFIED -> JobState.FAILED;
            case TIMED_OUT -> JobState.TIMED_OUT;
            case CANCELLED -> JobState.CANCELLED;
            case PENDING, READY, LEASED, RUNNING, VERIFYING ->
                    throw new IllegalArgumentException(terminal + " is not a terminal state");
        };
    }
}
