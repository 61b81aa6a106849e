package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Redundant runs and their quorum, inside the lease store's transactions (docs/verification.md). The
 * first lease of a task with a verification policy decides, with the {@link TrustPolicy}, how many
 * runs it needs and adds the replica tasks; each ended run of the group is counted, and when a quorum
 * agrees the primary task takes the agreed output, agreeing nodes are paid and gain reputation, and
 * disagreeing ones lose it.
 */
final class Verifier {
    private static final String UNFINISHED = "('PENDING', 'READY', 'LEASED', 'RUNNING')";

    private final TrustPolicy trust;
    private final RandomGenerator random;
    private final BlobStore blobs;

    Verifier(TrustPolicy trust, RandomGenerator random, BlobStore blobs) {
        this.trust = requireNonNull(trust, "trust is null");
        this.random = requireNonNull(random, "random is null");
        this.blobs = blobs;
    }

    TrustPolicy trust() {
        return trust;
    }

    /** A node as the policy sees it. */
    record NodeTrust(String nodeId, String ownerId, TrustPolicy.Record record, boolean excluded) {}

    NodeTrust node(Connection c, String nodeId) throws SQLException {
        return Jdbc.queryOne(c, "SELECT owner_id, agreements, disagreements, consecutive_agreements, excluded_at FROM nodes WHERE id = ?",
                r -> new NodeTrust(nodeId, r.getString(1), new TrustPolicy.Record(r.getLong(2), r.getLong(3), r.getLong(4)),
                        r.getObject(5) != null), nodeId)
                .orElse(new NodeTrust(nodeId, null, new TrustPolicy.Record(0, 0, 0), false));
    }

    /** The trust records of several nodes, by id; a node the store does not know gets an empty record. */
    Map<String, NodeTrust> nodes(Connection c, List<String> nodeIds) throws SQLException {
        Map<String, NodeTrust> found = new HashMap<>();
        if (!nodeIds.isEmpty()) {
            Jdbc.query(c, "SELECT id, owner_id, agreements, disagreements, consecutive_agreements, excluded_at FROM nodes WHERE id IN ("
                    + Jdbc.placeholders(nodeIds.size()) + ")", r -> found.put(r.getString(1), new NodeTrust(r.getString(1), r.getString(2),
                    new TrustPolicy.Record(r.getLong(3), r.getLong(4), r.getLong(5)), r.getObject(6) != null)), nodeIds.toArray());
        }
        for (String nodeId : nodeIds) found.putIfAbsent(nodeId, new NodeTrust(nodeId, null, new TrustPolicy.Record(0, 0, 0), false));
        return found;
    }

    /** Whether {@code node} (or another node of its owner) already has an attempt in the group. */
    boolean seenInGroup(Connection c, String group, NodeTrust node) throws SQLException {
        return Jdbc.queryOne(c, "SELECT 1 FROM attempts a JOIN tasks s ON s.id = a.task_id LEFT JOIN nodes n ON n.id = a.node_id "
                + "WHERE s.verify_group = ? AND (a.node_id = ? OR (n.owner_id IS NOT NULL AND n.owner_id = ?)) LIMIT 1",
                r -> 1, group, node.nodeId(), node.ownerId()).isPresent();
    }

    /** The first lease of a task under a policy: decide its runs and add the replicas (replicas are made with replicas_made = 1). */
    void leased(Connection c, String taskId, String jobId, String verificationJson, int replicasMade, NodeTrust node, long now)
            throws SQLException {
        if (verificationJson == null || replicasMade > 0) return;
        VerificationPolicy policy = VerificationPolicy.fromJson(verificationJson);
        int runs = trust.runs(policy, node.record(), random.nextDouble());
        if (runs <= 1) {
            Jdbc.update(c, "UPDATE tasks SET replicas_made = 1 WHERE id = ?", taskId);
            Transitions.event(c, jobId, taskId, "verification", null, "one run: node " + node.nodeId() + " is trusted", now);
            if (random.nextDouble() < trust.ringerRate()) Ringers.enqueue(c, random, now);
            return;
        }
        Jdbc.update(c, "UPDATE tasks SET replicas_made = ?, verify_group = id WHERE id = ?", runs, taskId);
        addReplicas(c, taskId, jobId, runs - 1, now);
    }

    private void addReplicas(Connection c, String primaryId, String jobId, int count, long now) throws SQLException {
        for (int i = 0; i < count; i++) {
            String replicaId = Ids.next("tsk_", now);
            Jdbc.update(c, "INSERT INTO tasks (id, job_id, state, runtime, spec, max_attempts, ready_at, created_at, updated_at, purpose, "
                    + "tries, verification, verify_group, replica_of, replicas_made, owner_id, priority, need_memory_mb, need_gpus, need_labels) "
                    + "SELECT ?, job_id, 'READY', runtime, spec, max_attempts, ?, ?, ?, 'replica', 1, verification, id, id, 1, owner_id, "
                    + "priority, need_memory_mb, need_gpus, need_labels FROM tasks WHERE id = ?", replicaId, now, now, now, primaryId);
            Transitions.event(c, jobId, replicaId, "task", TaskState.READY.name(), "replica of " + primaryId, now);
        }
    }

    /** How a verified group's primary task ended, for the lease store to complete its job or step. */
    record Completion(String taskId, TaskState state, String reason) {}

    /** One run of the group ended with a result the node signed. */
    Optional<Completion> runEnded(Connection c, String group, String taskId, AttemptReport.Finished f, String nodeId, long claim,
                                  long now) throws SQLException {
        String known = Ringers.knownHash(c, group);
        if (known != null) return Optional.of(ringerEnded(c, taskId, f, nodeId, known, now));
        boolean primary = group.equals(taskId);
        Jdbc.update(c, "UPDATE tasks SET state = ?, reason = ?, output = ?, output_blob = ?, output_hash = ?, output_size = ?, usage = ?, "
                        + "updated_at = ?, finished_at = ? WHERE id = ?",
                primary ? TaskState.VERIFYING.name() : f.outcome().name(), f.reason(), f.inlineOutput(), f.outputBlob(), f.outputHash(),
                f.outputSize(), f.usageJson(), now, primary ? null : now, taskId);
        String owner = Jdbc.queryOne(c, "SELECT owner_id FROM nodes WHERE id = ?", r -> r.getString(1), nodeId).orElse(null);
        Jdbc.update(c, "INSERT INTO replica_results (group_id, task_id, attempt_id, node_id, owner_id, outcome, vote, claim, at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", group, taskId, f.attemptId(), nodeId, owner, f.outcome().name(), vote(f), claim, now);
        return evaluate(c, group, now);
    }

    /** A run of the group ended without a result (lease lost, receipt rejected) and has no attempts left. */
    Optional<Completion> runLost(Connection c, String group, String taskId, String reason, long now) throws SQLException {
        if (Ringers.knownHash(c, group) != null) {
            Jdbc.update(c, "UPDATE tasks SET state = 'FAILED', reason = ?, updated_at = ?, finished_at = ? WHERE id = ?", reason, now, now, taskId);
            return Optional.of(new Completion(taskId, TaskState.FAILED, reason));
        }
        boolean primary = group.equals(taskId);
        Jdbc.update(c, "UPDATE tasks SET state = ?, reason = ?, updated_at = ?, finished_at = ? WHERE id = ?",
                primary ? TaskState.VERIFYING.name() : TaskState.FAILED.name(), reason, now, primary ? null : now, taskId);
        return evaluate(c, group, now);
    }

    /** A ringer's run: checked against the verified output, like a replica against a quorum; nobody is paid. */
    private Completion ringerEnded(Connection c, String taskId, AttemptReport.Finished f, String nodeId, String known, long now)
            throws SQLException {
        Jdbc.update(c, "UPDATE tasks SET state = ?, reason = ?, output = ?, output_blob = ?, output_hash = ?, output_size = ?, usage = ?, "
                        + "updated_at = ?, finished_at = ? WHERE id = ?", f.outcome().name(), f.reason(), f.inlineOutput(), f.outputBlob(),
                f.outputHash(), f.outputSize(), f.usageJson(), now, now, taskId);
        String jobId = Jdbc.queryOne(c, "SELECT job_id FROM tasks WHERE id = ?", r -> r.getString(1), taskId).orElseThrow();
        String verdict = f.outcome() == TaskState.TIMED_OUT ? "timed out"
                : f.outcome() == TaskState.SUCCEEDED && known.equals(f.outputHash()) ? "agreed" : "disagreed";
        String owner = Jdbc.queryOne(c, "SELECT owner_id FROM nodes WHERE id = ?", r -> r.getString(1), nodeId).orElse(null);
        Jdbc.update(c, "INSERT INTO replica_results (group_id, task_id, attempt_id, node_id, owner_id, outcome, vote, claim, verdict, at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", taskId, taskId, f.attemptId(), nodeId, owner, f.outcome().name(), vote(f),
                f.claim(), verdict, now);
        if (verdict.equals("agreed")) {
            Jdbc.update(c, "UPDATE nodes SET agreements = agreements + 1, consecutive_agreements = consecutive_agreements + 1 WHERE id = ?",
                    nodeId);
        } else if (verdict.equals("disagreed")) {
            Jdbc.update(c, "UPDATE nodes SET disagreements = disagreements + 1, consecutive_agreements = 0 WHERE id = ?", nodeId);
            Transitions.event(c, jobId, taskId, "verification", null, "node " + nodeId + " failed a ringer (known answer)", now);
            excludeIfDue(c, jobId, nodeId, now);
        }
        return new Completion(taskId, f.outcome(), f.reason());
    }

    private static String vote(AttemptReport.Finished f) {
        return switch (f.outcome()) {
            case SUCCEEDED -> "S:" + f.outputHash();
            case TIMED_OUT -> "T";
            default -> "F:" + f.reason();
        };
    }

    private record Primary(String jobId, TaskState state, String verification, int replicasMade) {}

    private Optional<Completion> evaluate(Connection c, String group, long now) throws SQLException {
        Primary primary = Jdbc.queryOne(c, "SELECT job_id, state, verification, replicas_made FROM tasks WHERE id = ?",
                r -> new Primary(r.getString(1), TaskState.valueOf(r.getString(2)), r.getString(3), r.getInt(4)), group).orElseThrow();
        if (primary.state().isTerminal()) return Optional.empty();
        VerificationPolicy policy = VerificationPolicy.fromJson(primary.verification());
        List<Quorum.Run> runs = runs(c, group, policy);
        Optional<Quorum.Agreement> agreement = Quorum.decide(runs, policy);
        if (agreement.isPresent()) return Optional.of(accept(c, group, primary, runs, agreement.get(), now));
        long unfinished = Jdbc.queryOne(c, "SELECT COUNT(*) FROM tasks WHERE verify_group = ? AND state IN " + UNFINISHED,
                r -> r.getLong(1), group).orElse(0L);
        if (unfinished > 0) return Optional.empty();
        if (primary.replicasMade() < policy.maxReplicas()) {
            int more = Math.max(1, Math.min(policy.quorum() - Quorum.largestAgreement(runs, policy), policy.maxReplicas() - primary.replicasMade()));
            Jdbc.update(c, "UPDATE tasks SET replicas_made = replicas_made + ? WHERE id = ?", more, group);
            Transitions.event(c, primary.jobId(), group, "verification", null, "no quorum among " + runs.size() + " run(s); "
                    + more + " more", now);
            addReplicas(c, group, primary.jobId(), more, now);
            return Optional.empty();
        }
        String reason = "unverified: no " + policy.quorum() + " of " + runs.size() + " run(s) from distinct owners agreed (at most "
                + Quorum.largestAgreement(runs, policy) + " did)";
        Jdbc.update(c, "UPDATE tasks SET state = 'UNVERIFIED', reason = ?, updated_at = ?, finished_at = ? WHERE id = ?", reason, now, now, group);
        Transitions.event(c, primary.jobId(), group, "task", TaskState.UNVERIFIED.name(), reason, now);
        return Optional.of(new Completion(group, TaskState.UNVERIFIED, reason));
    }

    private List<Quorum.Run> runs(Connection c, String group, VerificationPolicy policy) throws SQLException {
        List<Quorum.Run> runs = new ArrayList<>();
        for (Quorum.Run run : Jdbc.query(c, "SELECT attempt_id, task_id, node_id, owner_id, outcome, vote FROM replica_results "
                + "WHERE group_id = ? ORDER BY at, attempt_id", r -> new Quorum.Run(r.getString(1), r.getString(2), r.getString(3),
                r.getString(4), TaskState.valueOf(r.getString(5)), r.getString(6), null), group)) {
            runs.add(policy.comparison() == VerificationPolicy.Comparison.JSON && run.outcome() == TaskState.SUCCEEDED
                    ? new Quorum.Run(run.attemptId(), run.taskId(), run.nodeId(), run.ownerId(), run.outcome(), run.vote(), output(c, run.taskId()))
                    : run);
        }
        return runs;
    }

    private byte[] output(Connection c, String taskId) throws SQLException {
        record Output(byte[] inline, String blob) {}
        Output output = Jdbc.queryOne(c, "SELECT output, output_blob FROM tasks WHERE id = ?", r -> new Output(r.getBytes(1), r.getString(2)),
                taskId).orElse(new Output(null, null));
        if (output.inline() != null) return output.inline();
        return output.blob() == null || blobs == null ? null : blobs.read(output.blob()).orElse(null);
    }

    private Completion accept(Connection c, String group, Primary primary, List<Quorum.Run> runs, Quorum.Agreement agreement, long now)
            throws SQLException {
        Quorum.Run accepted = agreement.accepted();
        Jdbc.update(c, "UPDATE tasks SET state = ?, reason = (SELECT reason FROM tasks WHERE id = ?), "
                        + "output = (SELECT output FROM tasks WHERE id = ?), output_blob = (SELECT output_blob FROM tasks WHERE id = ?), "
                        + "output_hash = (SELECT output_hash FROM tasks WHERE id = ?), output_size = (SELECT output_size FROM tasks WHERE id = ?), "
                        + "usage = (SELECT usage FROM tasks WHERE id = ?), node_id = ?, updated_at = ?, finished_at = ? WHERE id = ?",
                accepted.outcome().name(), accepted.taskId(), accepted.taskId(), accepted.taskId(), accepted.taskId(), accepted.taskId(),
                accepted.taskId(), accepted.nodeId(), now, now, group);
        Set<String> agreeing = new HashSet<>();
        for (Quorum.Run run : agreement.agreeing()) agreeing.add(run.attemptId());
        for (Quorum.Run run : runs) {
            boolean agreed = agreeing.contains(run.attemptId());
            String verdict = agreed ? "agreed" : run.outcome() == TaskState.TIMED_OUT ? "timed out" : "disagreed";
            Jdbc.update(c, "UPDATE replica_results SET verdict = ? WHERE attempt_id = ?", verdict, run.attemptId());
            if (agreed) {
                Jdbc.update(c, "UPDATE nodes SET agreements = agreements + 1, consecutive_agreements = consecutive_agreements + 1 "
                        + "WHERE id = ?", run.nodeId());
            } else if (verdict.equals("disagreed")) {
                Jdbc.update(c, "UPDATE nodes SET disagreements = disagreements + 1, consecutive_agreements = 0 WHERE id = ?", run.nodeId());
                Transitions.event(c, primary.jobId(), run.taskId(), "verification", null, "node " + run.nodeId()
                        + " disagreed with the accepted result", now);
                excludeIfDue(c, primary.jobId(), run.nodeId(), now);
            }
        }
        cancelRest(c, group, now);
        long granted = Long.MAX_VALUE;
        List<Long> claims = Jdbc.query(c, "SELECT claim FROM replica_results WHERE group_id = ? AND verdict = 'agreed'", r -> r.getLong(1), group);
        for (long claim : claims) granted = Math.min(granted, claim);
        String owner = Jdbc.queryOne(c, "SELECT owner_id FROM jobs WHERE id = ?", r -> r.getString(1), primary.jobId()).orElseThrow();
        for (Quorum.Run run : agreement.agreeing()) {
            Ledger.transfer(c, Ledger.user(owner), Ledger.node(run.nodeId()), granted, group, "verified run " + run.attemptId(), now);
        }
        String message = "verified: " + agreement.agreeing().size() + " of " + runs.size() + " run(s) agreed";
        Transitions.event(c, primary.jobId(), group, "verification", null, message, now);
        return new Completion(group, accepted.outcome(), accepted.outcome() == TaskState.SUCCEEDED ? null
                : Jdbc.queryOne(c, "SELECT reason FROM tasks WHERE id = ?", r -> r.getString(1), group).orElse(null));
    }

    private void excludeIfDue(Connection c, String jobId, String nodeId, long now) throws SQLException {
        NodeTrust node = node(c, nodeId);
        if (!node.excluded() && trust.excluded(node.record())) {
            Jdbc.update(c, "UPDATE nodes SET excluded_at = ? WHERE id = ? AND excluded_at IS NULL", now, nodeId);
            Transitions.event(c, jobId, null, "verification", null, "node " + nodeId + " excluded: " + node.record().disagreements()
                    + " disagreement(s) against " + node.record().agreements() + " agreement(s)", now);
        }
    }

    /** Runs of the group still waiting or running are not needed any more. */
    private static void cancelRest(Connection c, String group, long now) throws SQLException {
        String reason = "not needed: a quorum agreed";
        for (String taskId : Jdbc.query(c, "SELECT id FROM tasks WHERE verify_group = ? AND id <> ? AND state IN " + UNFINISHED,
                r -> r.getString(1), group, group)) {
            Jdbc.update(c, "UPDATE tasks SET state = 'CANCELLED', reason = ?, updated_at = ?, finished_at = ? WHERE id = ?", reason, now, now, taskId);
        }
        Jdbc.update(c, "UPDATE attempts SET state = 'CANCELLED', finished_at = ?, reason = ? WHERE state IN ('LEASED', 'RUNNING') "
                + "AND task_id IN (SELECT id FROM tasks WHERE verify_group = ?)", now, reason, group);
    }
}
