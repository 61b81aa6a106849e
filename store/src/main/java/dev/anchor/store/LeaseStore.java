package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AttemptState;
import dev.anchor.api.JobState;
import dev.anchor.api.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lease contract between coordinator and nodes: grant attempts, take their reports, extend them
 * on heartbeats, expire them when heartbeats stop. A report about an attempt that is no longer the
 * task's current, active one (its lease expired, the job was cancelled) is refused, so a late result
 * can never overwrite a newer one.
 */
public final class LeaseStore {
    private static final String ACTIVE = "('LEASED', 'RUNNING')";

    private final Database database;
    private final WorkflowStore workflows;

    private final Verifier verifier;
    private final ReceiptCheck receipts;
    private final ReadyQueue queue;
    private final LeaseRound round;

    public LeaseStore(Database database, WorkflowStore workflows) {
        this(database, workflows, TrustPolicy.DEFAULT, null);
    }

    /** {@code blobs}: where outputs kept as blobs are read back for the json comparator (may be null: inline outputs only). */
    public LeaseStore(Database database, WorkflowStore workflows, TrustPolicy trust, BlobStore blobs) {
        this.database = requireNonNull(database, "database is null");
        this.workflows = requireNonNull(workflows, "workflows is null");
        this.verifier = new Verifier(trust, new java.security.SecureRandom(), blobs);
        this.receipts = new ReceiptCheck();
        this.queue = new ReadyQueue(database.dialect());
        this.round = new LeaseRound(database, queue, verifier);
    }

    public TrustPolicy trustPolicy() {
        return verifier.trust();
    }

    /**
     * Leases up to {@code max} READY tasks the node can run, in the order of docs/scheduling.md (see
     * {@link #lease(String, Set, int, boolean, long, long)}).
     */
    public List<LeasedTask> lease(String nodeId, Set<String> runtimes, int max, long leaseTimeoutMs, long now) {
        return lease(nodeId, runtimes, max, false, leaseTimeoutMs, now).tasks();
    }

    /** One lease call's grants, and whether READY tasks were left that the round's nodes could run. */
    public record Batch(List<LeasedTask> tasks, boolean more) {
        static final Batch EMPTY = new Batch(List.of(), false);
    }

    /**
     * Leases READY tasks the node can run (runtime, memory, GPUs, labels): higher priority first, owners
     * in turn, oldest first (see {@link ReadyQueue}). A node that is excluded, LOST, cordoned or draining
     * gets nothing; one of lower health gets fewer than it asked for ({@link NodeHealth}); with
     * {@code spread} (other nodes are waiting idle) a node that already runs work gets at most one. A run
     * of a verified group goes only to a node whose owner has no attempt in the group yet.
     */
    public Batch lease(String nodeId, Set<String> runtimes, int max, boolean spread, long leaseTimeoutMs, long now) {
        if (max <= 0 || runtimes.isEmpty()) return Batch.EMPTY;
        return leaseRound(List.of(new Ask(nodeId, runtimes, max)), spread, leaseTimeoutMs, now).getFirst();
    }

    /** One node's ask in a dispatch round: up to {@code max} tasks in one of {@code runtimes}. */
    public record Ask(String nodeId, Set<String> runtimes, int max) {
        public Ask {
            requireNonNull(nodeId, "nodeId is null");
            runtimes = Set.copyOf(runtimes);
        }
    }

    /**
     * A dispatch round: serves several nodes' asks, in the order given, in one transaction (one commit
     * and one look at the queue's owners for all of them, rather than a transaction per node). Each ask
     * is served as {@link #lease(String, Set, int, boolean, long, long)} serves one; with more than one
     * ask, or {@code othersWaiting}, leases spread (a node that runs work gets at most one per round).
     * The tasks are matched to the nodes in memory and the grants written in batches ({@link LeaseRound}).
     * Answers one batch per ask, in order.
     */
    public List<Batch> leaseRound(List<Ask> asks, boolean othersWaiting, long leaseTimeoutMs, long now) {
        if (asks.isEmpty()) return List.of();
        boolean spread = othersWaiting || asks.size() > 1;
        return database.transaction(c -> {
            // The owners with READY work first: when there are none (most rounds of an idle fleet) that is the only query.
            List<ReadyQueue.Owner> owners = queue.owners(c);
            if (owners.isEmpty()) return java.util.Collections.nCopies(asks.size(), Batch.EMPTY);
            return round.run(c, owners, asks, spread, leaseTimeoutMs, now);
        });
    }

    /** The outcome of one report: accepted, or refused with a reason. */
    public record ReportResult(String attemptId, boolean accepted, String reason) {}

    /** Results in report order, and the jobs whose state or logs changed. */
    public record ReportOutcome(List<ReportResult> results, Set<String> changedJobs) {}

    /** Applies a node's reports in order, in one transaction. */
    public ReportOutcome report(String nodeId, List<AttemptReport> reports, long now) {
        return reportAll(List.of(new NodeReports(nodeId, reports)), now).getFirst();
    }

    /** One node's reports, as one call brought them. */
    public record NodeReports(String nodeId, List<AttemptReport> reports) {
        public NodeReports {
            requireNonNull(nodeId, "nodeId is null");
            reports = List.copyOf(reports);
        }
    }

    /**
     * Applies several nodes' reports in one transaction (a group commit): each node's in order, as
     * {@link #report} applies them, the nodes in the order given. Answers one outcome per node, in order.
     * All or nothing: a store failure fails every one of them.
     */
    public List<ReportOutcome> reportAll(List<NodeReports> batches, long now) {
        if (batches.isEmpty()) return List.of();
        return database.transaction(c -> {
            lockJobsOfFinished(c, batches.stream().flatMap(b -> b.reports().stream()).toList());
            // On PostgreSQL the common reports' writes are held and written set-based at the end (ReportWrites).
            ReportWrites held = database.dialect() == Dialect.POSTGRES ? new ReportWrites() : null;
            List<ReportOutcome> outcomes = new ArrayList<>(batches.size());
            for (NodeReports batch : batches) outcomes.add(applyAll(c, batch.nodeId(), batch.reports(), now, held));
            if (held != null) held.flush(c, now);
            return List.copyOf(outcomes);
        });
    }

    private static final String ROW_COLUMNS = "a.task_id, a.node_id, a.state, t.job_id, t.state, t.current_attempt, t.step_id, t.purpose, "
            + "t.tries, t.verify_group, t.spec, t.service, t.owner_id";

    private static AttemptRow row(java.sql.ResultSet r, int at) throws SQLException {
        return new AttemptRow(r.getString(at), r.getString(at + 1), AttemptState.valueOf(r.getString(at + 2)), r.getString(at + 3),
                TaskState.valueOf(r.getString(at + 4)), r.getString(at + 5), r.getString(at + 6), r.getString(at + 7), r.getInt(at + 8),
                r.getString(at + 9), r.getString(at + 10), r.getString(at + 11), r.getString(at + 12));
    }

    private ReportOutcome applyAll(Connection c, String nodeId, List<AttemptReport> reports, long now, ReportWrites held)
            throws SQLException {
        List<ReportResult> results = new ArrayList<>(reports.size());
        Set<String> changed = new LinkedHashSet<>();
        Map<String, Integer> finishedAt = new HashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i) instanceof AttemptReport.Finished) finishedAt.put(reports.get(i).attemptId(), i);
        }
        Map<String, Integer> folded = new HashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            AttemptReport report = reports.get(i);
            // A run too short for its STARTED report to travel alone: its FINISHED later in this batch records
            // RUNNING too, and the STARTED report gets the FINISHED one's answer.
            if (report instanceof AttemptReport.Started && finishedAt.getOrDefault(report.attemptId(), -1) > i) {
                folded.put(report.attemptId(), results.size());
                results.add(null);
                continue;
            }
            ReportResult result = apply(c, nodeId, report, now, changed, held);
            Integer started = report instanceof AttemptReport.Finished ? folded.remove(report.attemptId()) : null;
            if (started != null) results.set(started, result);
            results.add(result);
        }
        return new ReportOutcome(results, changed);
    }

    /**
     * On PostgreSQL, concurrent transactions could each see the other's last fan-out item unfinished
     * and neither would settle the step. Ending a task therefore first locks its job row, and a batch
     * locks all its jobs up front in id order, so two batches never wait on each other in a cycle.
     */
    private void lockJobsOfFinished(Connection c, List<AttemptReport> reports) throws SQLException {
        if (database.dialect().forUpdate().isEmpty()) return;
        List<String> attempts = reports.stream().filter(AttemptReport.Finished.class::isInstance).map(AttemptReport::attemptId).toList();
        if (attempts.isEmpty()) return;
        List<String> jobIds = Jdbc.query(c, "SELECT DISTINCT t.job_id FROM attempts a JOIN tasks t ON t.id = a.task_id WHERE a.id IN ("
                + Jdbc.placeholders(attempts.size()) + ") ORDER BY t.job_id", r -> r.getString(1), attempts.toArray());
        lockJobs(c, jobIds);
    }

    private void lockJobs(Connection c, List<String> sortedJobIds) throws SQLException {
        if (sortedJobIds.isEmpty() || database.dialect().forUpdate().isEmpty()) return;
        Jdbc.query(c, "SELECT id FROM jobs WHERE id IN (" + Jdbc.placeholders(sortedJobIds.size()) + ") ORDER BY id"
                + database.dialect().forUpdate(), r -> r.getString(1), sortedJobIds.toArray());
    }

    private record AttemptRow(String taskId, String nodeId, AttemptState state, String jobId, TaskState taskState, String current,
                              String stepId, String purpose, int tries, String group, String specJson, String service, String ownerId) {}

    /** Applies one report; with {@code held} (PostgreSQL), the common cases' writes are held there (see {@link ReportWrites}). */
    private ReportResult apply(Connection c, String nodeId, AttemptReport report, long now, Set<String> changed, ReportWrites held)
            throws SQLException {
        String attemptId = report.attemptId();
        // A held write of this attempt must be in the tables before its row is read again.
        if (held != null && held.holds(attemptId)) held.flush(c, now);
        boolean withSpec = report instanceof AttemptReport.Finished f && f.receipt() != null;
        Optional<AttemptRow> found = Jdbc.queryOne(c, "SELECT " + (withSpec ? ROW_COLUMNS : ROW_COLUMNS.replace("t.spec", "NULL"))
                + " FROM attempts a JOIN tasks t ON t.id = a.task_id WHERE a.id = ?", r -> row(r, 1), attemptId);
        if (found.isEmpty()) return refused(attemptId, "no such attempt");
        AttemptRow row = found.get();
        if (!row.nodeId().equals(nodeId)) return refused(attemptId, "the attempt belongs to another node");
        if (report instanceof AttemptReport.Finished finished && row.state().name().equals(finished.outcome().name())) {
            return new ReportResult(attemptId, true, "already recorded");
        }
        if (!row.state().isActive() || !attemptId.equals(row.current())) {
            return refused(attemptId, "the attempt is " + row.state() + "; its report comes too late");
        }
        changed.add(row.jobId());
        switch (report) {
            case AttemptReport.Started started -> {
                if (row.state() == AttemptState.LEASED && held != null) {
                    held.started(attemptId, row.taskId(), row.jobId(), now);
                } else if (row.state() == AttemptState.LEASED) {
                    Jdbc.update(c, "UPDATE attempts SET state = 'RUNNING', started_at = ? WHERE id = ?", now, attemptId);
                    Jdbc.update(c, "UPDATE tasks SET state = 'RUNNING', updated_at = ? WHERE id = ?", now, row.taskId());
                    Transitions.event(c, row.jobId(), row.taskId(), "task", TaskState.RUNNING.name(), null, now);
                }
            }
            case AttemptReport.Logs logs -> {
                for (AttemptReport.Line line : logs.lines()) {
                    Jdbc.update(c, "INSERT INTO logs (job_id, task_id, attempt_id, stream, line, at) VALUES (?, ?, ?, ?, ?, ?)",
                            row.jobId(), row.taskId(), attemptId, line.stream(), line.text(), line.at());
                }
            }
            case AttemptReport.Finished finished -> {
                String problem = receipts.problem(c, row.taskId(), attemptId, nodeId, row.specJson(), finished, now);
                if (held != null && problem == null && plain(row, finished)) {
                    held.succeeded(attemptId, row.taskId(), row.jobId(), row.state() == AttemptState.LEASED, finished,
                            Ledger.legs(Ledger.user(row.ownerId()), Ledger.node(nodeId), finished.claim(), row.taskId(), "run " + attemptId, now),
                            now);
                    return new ReportResult(attemptId, true, null);
                }
                // Any other path reads and writes more than its own attempt: what is held goes first.
                if (held != null) held.flush(c, now);
                if (problem != null) {
                    rejectReceipt(c, row, attemptId, nodeId, "receipt rejected: " + problem, now);
                    return refused(attemptId, "receipt rejected: " + problem);
                }
                finish(c, row, finished, nodeId, now);
            }
        }
        return new ReportResult(attemptId, true, null);
    }

    /** A SUCCEEDED run of a single-task job's task (no step, no verification group, not a service) whose owner the row names. */
    private static boolean plain(AttemptRow row, AttemptReport.Finished f) {
        return f.outcome() == TaskState.SUCCEEDED && row.stepId() == null && row.group() == null && row.service() == null
                && row.ownerId() != null && !row.ownerId().isEmpty();
    }

    private void finish(Connection c, AttemptRow row, AttemptReport.Finished f, String nodeId, long now) throws SQLException {
        Jdbc.update(c, "UPDATE attempts SET state = ?, finished_at = ?, reason = ?, started_at = COALESCE(started_at, ?), receipt = ?, "
                        + "output_hash = ?, claim = ? WHERE id = ?",
                f.outcome(), now, f.reason(), now, f.receiptJson(), f.outputHash(), f.claim(), f.attemptId());
        if (row.state() == AttemptState.LEASED) {
            // Reports arrive in order; a run too short for its STARTED report to travel alone still passed RUNNING.
            Transitions.event(c, row.jobId(), row.taskId(), "task", TaskState.RUNNING.name(), null, now);
        }
        if (row.service() != null
                && Services.runEnded(c, new Services.Run(row.taskId(), row.jobId(), f.attemptId(), row.service()), f, nodeId, now)) {
            return;
        }
        if (f.retryable() && f.outcome() == TaskState.FAILED && retried(c, row, f.reason(), now)) return;
        if (row.group() != null) {
            Transitions.event(c, row.jobId(), row.taskId(), "run", f.outcome().name(), f.reason(), now);
            Optional<Verifier.Completion> done = verifier.runEnded(c, row.group(), row.taskId(), f, nodeId, f.claim(), now);
            if (done.isPresent()) complete(c, done.get(), now);
            return;
        }
        Jdbc.update(c, "UPDATE tasks SET state = ?, reason = ?, output = ?, output_blob = ?, output_hash = ?, output_size = ?, "
                        + "usage = ?, updated_at = ?, finished_at = ? WHERE id = ?",
                f.outcome(), f.reason(), f.inlineOutput(), f.outputBlob(), f.outputHash(), f.outputSize(), f.usageJson(), now, now,
                row.taskId());
        Transitions.event(c, row.jobId(), row.taskId(), "task", f.outcome().name(), f.reason(), now);
        if (f.outcome() == TaskState.SUCCEEDED) {
            // Tasks carry their job's owner (V6); should one lack it, ask its job.
            String owner = row.ownerId() != null && !row.ownerId().isEmpty() ? row.ownerId()
                    : Jdbc.queryOne(c, "SELECT owner_id FROM jobs WHERE id = ?", r -> r.getString(1), row.jobId()).orElseThrow();
            Ledger.transfer(c, Ledger.user(owner), Ledger.node(nodeId), f.claim(), row.taskId(), "run " + f.attemptId(), now);
        }
        ended(c, row.taskId(), row.jobId(), row.stepId(), row.purpose(), row.tries(), f.outcome(), f.reason(), now);
    }

    /** A task reached its end: its step moves on, or its single-task job ends. */
    private void ended(Connection c, String taskId, String jobId, String stepId, String purpose, int tries, TaskState outcome,
                       String reason, long now) throws SQLException {
        if (stepId != null) {
            workflows.taskEnded(c, new WorkflowStore.EndedTask(taskId, jobId, stepId, purpose, tries), outcome, reason, now);
        } else {
            Transitions.jobFinished(c, jobId, Transitions.jobStateFor(outcome), reason, now);
        }
    }

    /** A verified group's primary task ended: the same as an unverified task ending. */
    private void complete(Connection c, Verifier.Completion done, long now) throws SQLException {
        record Primary(String jobId, String stepId, String purpose, int tries) {}
        Primary primary = Jdbc.queryOne(c, "SELECT job_id, step_id, purpose, tries FROM tasks WHERE id = ?",
                r -> new Primary(r.getString(1), r.getString(2), r.getString(3), r.getInt(4)), done.taskId()).orElseThrow();
        lockJobs(c, List.of(primary.jobId()));
        if (done.state() != TaskState.UNVERIFIED) {
            Transitions.event(c, primary.jobId(), done.taskId(), "task", done.state().name(), done.reason(), now);
        }
        ended(c, done.taskId(), primary.jobId(), primary.stepId(), primary.purpose(), primary.tries(), done.state(), done.reason(), now);
    }

    /**
     * A report whose receipt fails its checks: the attempt ends FAILED with the reason, the node's count
     * of rejected receipts grows, and the task runs again while it has attempts left.
     */
    private void rejectReceipt(Connection c, AttemptRow row, String attemptId, String nodeId, String reason, long now) throws SQLException {
        Jdbc.update(c, "UPDATE attempts SET state = 'FAILED', finished_at = ?, reason = ? WHERE id = ?", now, reason, attemptId);
        Jdbc.update(c, "UPDATE nodes SET receipts_rejected = receipts_rejected + 1 WHERE id = ?", nodeId);
        Transitions.event(c, row.jobId(), row.taskId(), "verification", null, "node " + nodeId + ": " + reason, now);
        if (retried(c, row, reason, now)) return;
        failWithoutResult(c, row.taskId(), row.jobId(), row.stepId(), row.purpose(), row.tries(), row.group(), reason, now);
    }

    /** A task with no attempts left ends FAILED without a result; a run of a verified group is counted as lost. */
    private void failWithoutResult(Connection c, String taskId, String jobId, String stepId, String purpose, int tries, String group,
                                   String failure, long now) throws SQLException {
        if (group != null) {
            Optional<Verifier.Completion> done = verifier.runLost(c, group, taskId, failure, now);
            if (done.isPresent()) complete(c, done.get(), now);
            return;
        }
        Jdbc.update(c, "UPDATE tasks SET state = 'FAILED', reason = ?, updated_at = ?, finished_at = ? WHERE id = ?",
                failure, now, now, taskId);
        Transitions.event(c, jobId, taskId, "task", TaskState.FAILED.name(), failure, now);
        ended(c, taskId, jobId, stepId, purpose, tries, TaskState.FAILED, failure, now);
    }

    /** A crashed sandbox is like a lost lease: the task goes back to READY while it has attempts left. */
    private static boolean retried(Connection c, AttemptRow row, String reason, long now) throws SQLException {
        boolean attemptsLeft = Jdbc.queryOne(c, "SELECT attempts < max_attempts FROM tasks WHERE id = ?", r -> r.getBoolean(1),
                row.taskId()).orElse(false);
        if (!attemptsLeft) return false;
        Jdbc.update(c, "UPDATE tasks SET state = 'READY', current_attempt = NULL, ready_at = ?, updated_at = ? WHERE id = ?",
                now, now, row.taskId());
        Transitions.event(c, row.jobId(), row.taskId(), "task", TaskState.READY.name(), reason + "; retrying", now);
        return true;
    }

    private static ReportResult refused(String attemptId, String reason) {
        return new ReportResult(attemptId, false, reason);
    }

    /** The outcome of a heartbeat: attempts the node must stop, and the leases' new expiry. */
    public record Extension(List<String> stop, long expiresAt) {}

    /** Extends every active lease of the node; answers those of {@code reported} that are no longer active. */
    public Extension extend(String nodeId, List<String> reported, long leaseTimeoutMs, long now) {
        return database.transaction(c -> extend(c, nodeId, reported, leaseTimeoutMs, now));
    }

    /**
     * Extends the node's active leases that it says it holds ({@code reported}), and those younger than a
     * lease period (their lease answer may still be on its way). A lease the node does not know of (its
     * answer was lost with a connection or a coordinator) is left to run out, so its task runs again;
     * extending it on every heartbeat kept it LEASED for ever. {@code reported == null}: the node did
     * not say, every active lease is extended.
     */
    Extension extend(Connection c, String nodeId, List<String> reported, long leaseTimeoutMs, long now) throws SQLException {
        long expiresAt = now + leaseTimeoutMs;
        // Rows a report is changing right now are skipped, not waited for: that report ends or moves the
        // attempt anyway, and the next heartbeat (a third of a lease later) extends it if it is still active.
        // Waiting would let a group of heartbeats and a group of reports lock the same attempts in opposite orders.
        List<Object> args = new ArrayList<>(List.of(expiresAt, nodeId));
        String held = "";
        if (reported != null) {
            held = " AND (created_at > ?" + (reported.isEmpty() ? "" : " OR id IN (" + Jdbc.placeholders(reported.size()) + ")") + ")";
            args.add(now - leaseTimeoutMs);
            args.addAll(reported);
        }
        Jdbc.update(c, "UPDATE attempts SET lease_expires_at = ? WHERE id IN (SELECT id FROM attempts WHERE node_id = ? AND state IN "
                + ACTIVE + held + database.dialect().skipLocked() + ")", args.toArray());
        List<String> stop = List.of();
        if (reported != null && !reported.isEmpty()) {
            Set<String> active = new HashSet<>(Jdbc.query(c, "SELECT id FROM attempts WHERE node_id = ? AND state IN " + ACTIVE,
                    r -> r.getString(1), nodeId));
            stop = reported.stream().filter(id -> !active.contains(id)).toList();
        }
        return new Extension(stop, expiresAt);
    }

    /** Expires leases that ran out; answers the jobs that changed. */
    public Set<String> expire(long now) {
        return database.transaction(c -> {
            Set<String> changed = new LinkedHashSet<>();
            lockJobs(c, Jdbc.query(c, "SELECT DISTINCT t.job_id FROM attempts a JOIN tasks t ON t.id = a.task_id WHERE a.state IN " + ACTIVE
                    + " AND a.lease_expires_at < ? ORDER BY t.job_id", r -> r.getString(1), now));
            for (String attemptId : Jdbc.query(c, "SELECT id FROM attempts WHERE state IN " + ACTIVE + " AND lease_expires_at < ?",
                    r -> r.getString(1), now)) {
                expireAttempt(c, attemptId, now, "lease expired: no heartbeat from its node", changed);
            }
            return changed;
        });
    }

    /** Expires every active attempt of a node (the node re-registered: its old process is gone). */
    Set<String> expireNodeAttempts(Connection c, String nodeId, long now, String reason) throws SQLException {
        Set<String> changed = new LinkedHashSet<>();
        lockJobs(c, Jdbc.query(c, "SELECT DISTINCT t.job_id FROM attempts a JOIN tasks t ON t.id = a.task_id WHERE a.node_id = ? "
                + "AND a.state IN " + ACTIVE + " ORDER BY t.job_id", r -> r.getString(1), nodeId));
        for (String attemptId : Jdbc.query(c, "SELECT id FROM attempts WHERE node_id = ? AND state IN " + ACTIVE,
                r -> r.getString(1), nodeId)) {
            expireAttempt(c, attemptId, now, reason, changed);
        }
        return changed;
    }

    private void expireAttempt(Connection c, String attemptId, long now, String reason, Set<String> changed)
            throws SQLException {
        record Row(String taskId, String jobId, int attempts, int maxAttempts, String current, TaskState state, String stepId,
                   String purpose, int tries, String group, String service) {}
        Row row = Jdbc.queryOne(c, "SELECT t.id, t.job_id, t.attempts, t.max_attempts, t.current_attempt, t.state, t.step_id, "
                        + "t.purpose, t.tries, t.verify_group, t.service FROM attempts a JOIN tasks t ON t.id = a.task_id WHERE a.id = ?",
                r -> new Row(r.getString(1), r.getString(2), r.getInt(3), r.getInt(4), r.getString(5), TaskState.valueOf(r.getString(6)),
                        r.getString(7), r.getString(8), r.getInt(9), r.getString(10), r.getString(11)),
                attemptId).orElseThrow();
        Jdbc.update(c, "UPDATE attempts SET state = 'EXPIRED', finished_at = ?, reason = ? WHERE id = ?", now, reason, attemptId);
        if (!attemptId.equals(row.current()) || row.state().isTerminal()) return;
        changed.add(row.jobId());
        if (row.service() != null) {
            Services.runLost(c, new Services.Run(row.taskId(), row.jobId(), attemptId, row.service()), reason, now);
            return;
        }
        if (row.attempts() < row.maxAttempts()) {
            Jdbc.update(c, "UPDATE tasks SET state = 'READY', current_attempt = NULL, ready_at = ?, updated_at = ? WHERE id = ?",
                    now, now, row.taskId());
            Transitions.event(c, row.jobId(), row.taskId(), "task", TaskState.READY.name(), reason + "; retrying", now);
        } else {
            String failure = reason + " (" + row.attempts() + " of " + row.maxAttempts() + " attempts used)";
            failWithoutResult(c, row.taskId(), row.jobId(), row.stepId(), row.purpose(), row.tries(), row.group(), failure, now);
        }
    }

    /**
     * Pushes every active lease's expiry to at least {@code until}. A coordinator calls it at start, so
     * nodes that could not reach it while it was down are not mass-expired before they reconnect.
     */
    public void graceAll(long until) {
        database.transaction(c -> Jdbc.update(c, "UPDATE attempts SET lease_expires_at = ? WHERE state IN " + ACTIVE
                + " AND lease_expires_at < ?", until, until));
    }

    /** The earliest moment a READY task becomes leasable, if any is waiting (for wake-up timers). */
    public boolean anyReady(long now) {
        return database.read(c -> Jdbc.queryOne(c, "SELECT 1 FROM tasks WHERE state = 'READY' AND ready_at <= ? LIMIT 1",
                r -> 1, now).isPresent());
    }
}
