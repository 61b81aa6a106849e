package dev.anchor.store;

import dev.anchor.api.JobState;
import dev.anchor.api.TaskState;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What happens when a run of a service's task ends (docs/services.md). {@link LeaseStore} calls it, in
 * the transaction that recorded the end, for tasks with a {@link ServicePolicy}: instead of ending the
 * task and its job, the task goes back to READY with {@code ready_at} at the end of its backoff, so the
 * restart timer is a row like a workflow retry's and survives a coordinator restart. A run lost with
 * its node is started again at once. Restarts in a row beyond the policy's {@code maxRestarts} end the
 * job FAILED; cancelling the job stops the service as it stops any job.
 */
final class Services {
    private Services() {}

    /** The service's task, the attempt whose run ended, and the task's stored policy. */
    record Run(String taskId, String jobId, String attemptId, String policyJson) {}

    /**
     * A run ended with a report. Answers false when the policy does not restart after this outcome
     * ({@code on-failure} and the run succeeded): the task then ends like any task. Otherwise the run's
     * output and usage are kept on the task, a successful run is paid for, and the task is restarted
     * after its backoff or, past {@code maxRestarts}, ends FAILED with its job.
     */
    static boolean runEnded(Connection c, Run run, AttemptReport.Finished f, String nodeId, long now) throws SQLException {
        ServicePolicy policy = ServicePolicy.fromJson(run.policyJson());
        if (!policy.restartsAfter(f.outcome())) return false;
        Jdbc.update(c, "UPDATE tasks SET output = ?, output_blob = ?, output_hash = ?, output_size = ?, usage = ? WHERE id = ?",
                f.inlineOutput(), f.outputBlob(), f.outputHash(), f.outputSize(), f.usageJson(), run.taskId());
        if (f.outcome() == TaskState.SUCCEEDED) {
            String owner = Jdbc.queryOne(c, "SELECT owner_id FROM jobs WHERE id = ?", r -> r.getString(1), run.jobId()).orElseThrow();
            Ledger.transfer(c, Ledger.user(owner), Ledger.node(nodeId), f.claim(), run.taskId(), "run " + f.attemptId(), now);
        }
        restart(c, run, policy, f.outcome() + (f.reason() == null ? "" : ": " + f.reason()), false, now);
        return true;
    }

    /** A run was lost with its lease (its node stopped heartbeating or registered again): restarted at once. */
    static void runLost(Connection c, Run run, String reason, long now) throws SQLException {
        restart(c, run, ServicePolicy.fromJson(run.policyJson()), "lost: " + reason, true, now);
    }

    private static void restart(Connection c, Run run, ServicePolicy policy, String exit, boolean atOnce, long now) throws SQLException {
        record Task(int tries, int streak, long runStartedAt) {}
        Task task = Jdbc.queryOne(c, "SELECT t.tries, t.restart_streak, COALESCE(a.started_at, a.created_at) FROM tasks t "
                        + "JOIN attempts a ON a.id = ? WHERE t.id = ?",
                r -> new Task(r.getInt(1), r.getInt(2), r.getLong(3)), run.attemptId(), run.taskId()).orElseThrow();
        // A run that outlived the longest backoff was healthy: the next restart starts a new row.
        int inARow = (now - task.runStartedAt() > policy.maxMs() ? 0 : task.streak()) + 1;
        if (policy.maxRestarts() != null && inARow > policy.maxRestarts()) {
            String failure = "run " + task.tries() + " ended (" + exit + ") after " + (inARow - 1) + " restart(s) in a row; maxRestarts is "
                    + policy.maxRestarts();
            Jdbc.update(c, "UPDATE tasks SET state = 'FAILED', reason = ?, last_exit = ?, updated_at = ?, finished_at = ? WHERE id = ?",
                    failure, exit, now, now, run.taskId());
            Transitions.event(c, run.jobId(), run.taskId(), "task", TaskState.FAILED.name(), failure, now);
            Jdbc.update(c, "UPDATE jobs SET reason = ? WHERE id = ?", failure, run.jobId());
            Transitions.jobFinished(c, run.jobId(), JobState.FAILED, failure, now);
            return;
        }
        long delay = atOnce ? 0 : policy.delayMs(inARow);
        Jdbc.update(c, "UPDATE tasks SET state = 'READY', tries = tries + 1, attempts = 0, current_attempt = NULL, ready_at = ?, "
                + "restart_streak = ?, last_exit = ?, updated_at = ? WHERE id = ?", now + delay, inARow, exit, now, run.taskId());
        Transitions.event(c, run.jobId(), run.taskId(), "task", TaskState.READY.name(),
                "run " + task.tries() + " ended (" + exit + "); restart " + task.tries() + " in " + delay + " ms", now);
    }
}
