package dev.anchor.store;

import dev.anchor.api.TaskState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes of a report group's common reports, held back and written set-based when the group ends
 * (PostgreSQL only; see docs/scheduling.md, "Dispatch"). A STARTED report of a LEASED attempt, and a
 * SUCCEEDED report of a plain task (a single-task job's task: no workflow step, no verification group,
 * not a service) whose receipt passed, each cost about six statements run one by one; held here, a group
 * of them costs about seven statements whatever its size: the attempts and the tasks updated from arrays
 * ({@code unnest}), the events and ledger legs as multi-row inserts, the jobs ended from arrays. Each
 * update names its ids a second time as {@code id = ANY (?)}, which steers the planner to the primary
 * key however long it guesses the arrays are.
 *
 * <p>What is held must not be read before it is written: the caller {@link #flush}es before it touches
 * an attempt held here again, and before any report that takes another path, so the group's writes keep
 * their order.
 */
final class ReportWrites {
    private record Finish(String attemptId, String taskId, String jobId, AttemptReport.Finished report) {}

    private final Set<String> attempts = new HashSet<>();
    private final List<String> startedAttempts = new ArrayList<>();
    private final List<String> startedTasks = new ArrayList<>();
    private final List<Finish> finishes = new ArrayList<>();
    private final List<Object[]> events = new ArrayList<>();
    private final List<Object[]> ledger = new ArrayList<>();

    /** Whether a write of this attempt is held. */
    boolean holds(String attemptId) {
        return attempts.contains(attemptId);
    }

    /** A LEASED attempt began running: attempt and task RUNNING, and the task's event. */
    void started(String attemptId, String taskId, String jobId, long now) {
        attempts.add(attemptId);
        startedAttempts.add(attemptId);
        startedTasks.add(taskId);
        events.add(new Object[] {jobId, taskId, "task", TaskState.RUNNING.name(), null, now});
    }

    /**
     * A plain task's attempt SUCCEEDED: the attempt and the task end with the report's result, the
     * task's events (RUNNING first when the attempt was still LEASED), the run's ledger legs, and its
     * single-task job ends.
     */
    void succeeded(String attemptId, String taskId, String jobId, boolean wasLeased, AttemptReport.Finished report,
                   List<Object[]> legs, long now) {
        if (report.outcome() != TaskState.SUCCEEDED) throw new IllegalArgumentException("only SUCCEEDED reports are held");
        attempts.add(attemptId);
        if (wasLeased) events.add(new Object[] {jobId, taskId, "task", TaskState.RUNNING.name(), null, now});
        finishes.add(new Finish(attemptId, taskId, jobId, report));
        events.add(new Object[] {jobId, taskId, "task", report.outcome().name(), report.reason(), now});
        ledger.addAll(legs);
    }

    /** Writes everything held, in the caller's transaction, and forgets it. */
    void flush(Connection c, long now) throws SQLException {
        if (attempts.isEmpty()) return;
        if (!startedAttempts.isEmpty()) {
            Jdbc.update(c, "UPDATE attempts SET state = 'RUNNING', started_at = ? WHERE id = ANY (?::text[])", now,
                    text(c, startedAttempts));
            Jdbc.update(c, "UPDATE tasks SET state = 'RUNNING', updated_at = ? WHERE id = ANY (?::text[])", now, text(c, startedTasks));
        }
        if (!finishes.isEmpty()) writeFinishes(c, now);
        Jdbc.batch(c, Transitions.EVENT_INSERT, events);
        Jdbc.batch(c, Ledger.INSERT, ledger);
        if (!finishes.isEmpty()) endJobs(c, now);
        attempts.clear();
        startedAttempts.clear();
        startedTasks.clear();
        finishes.clear();
        events.clear();
        ledger.clear();
    }

    private void writeFinishes(Connection c, long now) throws SQLException {
        int n = finishes.size();
        String[] attemptIds = new String[n];
        String[] taskIds = new String[n];
        String[] states = new String[n];
        String[] reasons = new String[n];
        String[] receipts = new String[n];
        String[] hashes = new String[n];
        Long[] claims = new Long[n];
        byte[][] outputs = new byte[n][];
        String[] blobs = new String[n];
        Long[] sizes = new Long[n];
        String[] usages = new String[n];
        for (int i = 0; i < n; i++) {
            Finish finish = finishes.get(i);
            AttemptReport.Finished f = finish.report();
            attemptIds[i] = finish.attemptId();
            taskIds[i] = finish.taskId();
            states[i] = f.outcome().name();
            reasons[i] = f.reason();
            receipts[i] = f.receiptJson();
            hashes[i] = f.outputHash();
            claims[i] = f.claim();
            outputs[i] = f.inlineOutput();
            blobs[i] = f.outputBlob();
            sizes[i] = f.outputSize();
            usages[i] = f.usageJson();
        }
        Jdbc.update(c, "UPDATE attempts SET state = g.state, finished_at = ?, reason = g.reason, started_at = COALESCE(attempts.started_at, ?), "
                        + "receipt = g.receipt, output_hash = g.output_hash, claim = g.claim "
                        + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) "
                        + "AS g(id, state, reason, receipt, output_hash, claim) WHERE attempts.id = g.id AND attempts.id = ANY (?::text[])",
                now, now, c.createArrayOf("text", attemptIds), c.createArrayOf("text", states), c.createArrayOf("text", reasons),
                c.createArrayOf("text", receipts), c.createArrayOf("text", hashes), c.createArrayOf("bigint", claims),
                c.createArrayOf("text", attemptIds));
        Jdbc.update(c, "UPDATE tasks SET state = g.state, reason = g.reason, output = g.output, output_blob = g.output_blob, "
                        + "output_hash = g.output_hash, output_size = g.output_size, usage = g.usage, updated_at = ?, finished_at = ? "
                        + "FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[], ?::text[], ?::text[], ?::bigint[], ?::text[]) "
                        + "AS g(id, state, reason, output, output_blob, output_hash, output_size, usage) "
                        + "WHERE tasks.id = g.id AND tasks.id = ANY (?::text[])",
                now, now, c.createArrayOf("text", taskIds), c.createArrayOf("text", states), c.createArrayOf("text", reasons),
                c.createArrayOf("bytea", outputs), c.createArrayOf("text", blobs), c.createArrayOf("text", hashes),
                c.createArrayOf("bigint", sizes), c.createArrayOf("text", usages), c.createArrayOf("text", taskIds));
    }

    /** Ends the single-task jobs of the held finishes that have not ended yet, each with its event. */
    private void endJobs(Connection c, long now) throws SQLException {
        Map<String, Finish> byJob = new LinkedHashMap<>();
        for (Finish finish : finishes) byJob.putIfAbsent(finish.jobId(), finish);
        String[] jobIds = byJob.keySet().toArray(String[]::new);
        String[] states = new String[jobIds.length];
        String[] messages = new String[jobIds.length];
        for (int i = 0; i < jobIds.length; i++) {
            AttemptReport.Finished f = byJob.get(jobIds[i]).report();
            states[i] = Transitions.jobStateFor(f.outcome()).name();
            messages[i] = f.reason();
        }
        Set<String> ended = new HashSet<>(Jdbc.query(c, "UPDATE jobs SET state = g.state, updated_at = ?, finished_at = ? "
                        + "FROM unnest(?::text[], ?::text[]) AS g(id, state) WHERE jobs.id = g.id AND jobs.id = ANY (?::text[]) "
                        + "AND jobs.state NOT IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED') RETURNING jobs.id", r -> r.getString(1),
                now, now, c.createArrayOf("text", jobIds), c.createArrayOf("text", states), c.createArrayOf("text", jobIds)));
        List<Object[]> jobEvents = new ArrayList<>(ended.size());
        for (int i = 0; i < jobIds.length; i++) {
            if (ended.contains(jobIds[i])) jobEvents.add(new Object[] {jobIds[i], null, "job", states[i], messages[i], now});
        }
        Jdbc.batch(c, Transitions.EVENT_INSERT, jobEvents);
    }

    private static Array text(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(String[]::new));
    }
}
