package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.ReputationView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns which node, and what the nodes' records say about them (docs/verification.md). Users get
 * join tokens of their own; a node that joins with one belongs to that user.
 */
public final class TrustStore {
    private final Database database;
    private final TrustPolicy policy;

    public TrustStore(Database database, TrustPolicy policy) {
        this.database = requireNonNull(database, "database is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    /** Makes a join token for {@code ownerId}; answers the plain token (only its hash is kept). */
    public String createJoinToken(String ownerId, long now) {
        String token = Ids.secret("jt_");
        database.transaction(c -> Jdbc.update(c, "INSERT INTO join_tokens (token_hash, owner_id, created_at) VALUES (?, ?, ?)",
                Hashes.sha256Hex(token), ownerId, now));
        return token;
    }

    /** The user a join token belongs to, if it is one of the users' tokens. */
    public Optional<String> joinTokenOwner(String token) {
        if (token == null) return Optional.empty();
        return database.read(c -> Jdbc.queryOne(c, "SELECT owner_id FROM join_tokens WHERE token_hash = ?", r -> r.getString(1),
                Hashes.sha256Hex(token)));
    }

    /** Records the node's owner (null: joined with the coordinator's own token, so it counts as its own owner). */
    public void setOwner(String nodeId, String ownerId) {
        database.transaction(c -> Jdbc.update(c, "UPDATE nodes SET owner_id = ? WHERE id = ?", ownerId, nodeId));
    }

    /** Every node's reputation, by node id. */
    public Map<String, ReputationView> reputations() {
        return database.read(c -> {
            Map<String, Long> succeeded = new LinkedHashMap<>();
            Map<String, Long> ended = new LinkedHashMap<>();
            for (var row : Jdbc.query(c, "SELECT node_id, state, COUNT(*) FROM attempts WHERE state IN ('SUCCEEDED', 'FAILED', "
                    + "'TIMED_OUT', 'EXPIRED') GROUP BY node_id, state", r -> new Object[] {r.getString(1), r.getString(2), r.getLong(3)})) {
                String node = (String) row[0];
                long count = (Long) row[2];
                ended.merge(node, count, Long::sum);
                if ("SUCCEEDED".equals(row[1])) succeeded.merge(node, count, Long::sum);
            }
            Map<String, ReputationView> out = new LinkedHashMap<>();
            for (var view : Jdbc.query(c, "SELECT id, owner_id, agreements, disagreements, consecutive_agreements, receipts_rejected, "
                    + "excluded_at FROM nodes ORDER BY registered_at, id", r -> {
                String id = r.getString(1);
                TrustPolicy.Record record = new TrustPolicy.Record(r.getLong(3), r.getLong(4), r.getLong(5));
                long total = ended.getOrDefault(id, 0L);
                return new ReputationView(id, r.getString(2), record.agreements(), record.disagreements(),
                        record.consecutiveAgreements(), r.getLong(6), succeeded.getOrDefault(id, 0L), total,
                        total == 0 ? 1.0 : succeeded.getOrDefault(id, 0L) / (double) total, policy.score(record), policy.trusted(record),
                        r.getObject(7) != null);
            })) {
                out.put(view.nodeId(), view);
            }
            return out;
        });
    }

    /** One attempt's receipt and what verification made of it. */
    public record ReceiptRow(String taskId, String attemptId, String nodeId, String state, String verdict, String receiptJson) {}

    /** The accepted receipts of a job's attempts, replicas included, oldest first. */
    public java.util.List<ReceiptRow> receipts(String jobId) {
        return database.read(c -> Jdbc.query(c, "SELECT a.task_id, a.id, a.node_id, a.state, r.verdict, a.receipt FROM attempts a "
                + "JOIN tasks t ON t.id = a.task_id LEFT JOIN replica_results r ON r.attempt_id = a.id "
                + "WHERE t.job_id = ? AND a.receipt IS NOT NULL ORDER BY a.created_at, a.id",
                r -> new ReceiptRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6)), jobId));
    }

    /** The nodes a user owns. */
    public java.util.List<String> nodesOf(String ownerId) {
        return database.read(c -> Jdbc.query(c, "SELECT id FROM nodes WHERE owner_id = ? ORDER BY id", r -> r.getString(1), ownerId));
    }
}
