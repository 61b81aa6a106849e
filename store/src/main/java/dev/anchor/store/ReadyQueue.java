package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.anchor.api.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The READY tasks one node may take, in lease order (docs/scheduling.md): only tasks whose runtime,
 * memory, GPUs and labels the node has; higher priority first; at equal priority a round-robin between
 * owners, the owner with the fewest tasks leased or running first, so one owner's flood cannot hold back
 * another's tasks; then oldest first.
 *
 * <p>The owners with READY work are found by skipping through the {@code tasks_queue} index (one probe
 * per owner, not a scan of the queue), at most {@value #MAX_OWNERS} per call starting after a rotating
 * point; each owner's best candidates then come from one indexed query. Candidates are locked with
 * {@code SKIP LOCKED} on PostgreSQL, so concurrent leases take different tasks.
 */
final class ReadyQueue {
    /** Owners considered in one lease call. */
    static final int MAX_OWNERS = 64;
    /** Attempts that make a node's recent success rate. */
    static final int RECENT = 20;
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final Dialect dialect;
    private volatile String ownerCursor = "";

    ReadyQueue(Dialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /**
     * A node as placement sees it.
     *
     * @param admin   null, CORDONED or DRAINING
     * @param active  its attempts LEASED or RUNNING now
     * @param recentSucceeded of its last {@value #RECENT} attempts, those that SUCCEEDED
     * @param recentFailed    of those, the ones that FAILED, TIMED_OUT or EXPIRED
     */
    record Node(String id, String state, String admin, long memoryMb, int gpus, Map<String, String> labels, int cores, double load,
                long freeMemoryMb, Long memoryTotalMb, long agreements, long disagreements, long receiptsRejected, int active,
                int recentSucceeded, int recentFailed) {
        /** Whether it may be given new work: alive and not held by an operator. */
        boolean schedulable() {
            return "READY".equals(state) && admin == null;
        }
    }

    /** A READY task that the node may take, and where it stands in the lease order. */
    record Candidate(String taskId, String jobId, String runtime, String specJson, long jobCreatedAt, int tries, String verification,
                     int replicasMade, String group, int priority, long readyAt, boolean labelled, int ownerRank, int turn) {}

    Optional<Node> node(Connection c, String nodeId) throws SQLException {
        return Jdbc.queryOne(c, "SELECT state, admin_state, memory_mb, gpu_count, labels, cores, load, free_memory_mb, memory_total_mb, "
                + "agreements, disagreements, receipts_rejected, "
                + "(SELECT COUNT(*) FROM attempts a WHERE a.node_id = n.id AND a.state IN ('LEASED', 'RUNNING')), "
                + "(SELECT COUNT(*) FROM (SELECT state FROM attempts WHERE node_id = ? ORDER BY created_at DESC LIMIT " + RECENT + ") r "
                + "WHERE r.state = 'SUCCEEDED'), "
                + "(SELECT COUNT(*) FROM (SELECT state FROM attempts WHERE node_id = ? ORDER BY created_at DESC LIMIT " + RECENT + ") r "
                + "WHERE r.state IN ('FAILED', 'TIMED_OUT', 'EXPIRED')) "
                + "FROM nodes n WHERE id = ?",
                r -> new Node(nodeId, r.getString(1), r.getString(2), r.getLong(3), r.getInt(4), labels(r.getString(5)), r.getInt(6),
                        r.getDouble(7), r.getLong(8), Jdbc.nullableLong(r, "memory_total_mb"), r.getLong(10), r.getLong(11), r.getLong(12),
                        r.getInt(13), r.getInt(14), r.getInt(15)), nodeId, nodeId, nodeId);
    }

    /**
     * Up to {@code limit + 1} candidates per owner (from {@link #owners}, in their order), for up to
     * {@code limit} owners that have some, sorted in lease order. The caller takes them in order and skips what it cannot grant.
     */
    List<Candidate> candidates(Connection c, List<Owner> owners, Node node, String trustOwner, Set<String> runtimes, int limit, long now)
            throws SQLException {
        List<Candidate> all = new ArrayList<>();
        int withWork = 0;
        for (int rank = 0; rank < owners.size() && withWork < limit; rank++) {
            List<Candidate> mine = ownerCandidates(c, owners.get(rank).id(), rank, node, trustOwner, runtimes, limit + 1, now);
            if (!mine.isEmpty()) withWork++;
            all.addAll(mine);
        }
        // Priority first; at equal priority the owners take turns (each one's first task, then each one's second, ...).
        all.sort(Comparator.comparingInt(Candidate::priority).reversed().thenComparingInt(Candidate::turn)
                .thenComparingInt(Candidate::ownerRank).thenComparingLong(Candidate::readyAt).thenComparing(Candidate::taskId));
        return all;
    }

    /** An owner with READY tasks: its highest priority waiting and how many of its tasks are LEASED or RUNNING. */
    record Owner(String id, int topPriority, long active) {}

    /**
     * Owners with READY tasks in fair order: the highest priority waiting first, then the fewest tasks
     * LEASED or RUNNING, then by id. Owners beyond {@value #MAX_OWNERS} wait for a later call: the
     * next call starts after the last owner this one saw.
     */
    List<Owner> owners(Connection c) throws SQLException {
        String start = ownerCursor;
        List<Owner> owners = new ArrayList<>(ownersFrom(c, start, start.isEmpty() ? ">=" : ">", MAX_OWNERS));
        if (owners.size() < MAX_OWNERS && !start.isEmpty()) {
            for (Owner owner : ownersFrom(c, "", ">=", MAX_OWNERS - owners.size())) {
                if (owner.id().compareTo(start) > 0) break;
                owners.add(owner);
            }
        }
        ownerCursor = owners.size() >= MAX_OWNERS ? owners.get(owners.size() - 1).id() : "";
        owners.sort(Comparator.comparingInt(Owner::topPriority).reversed().thenComparingLong(Owner::active).thenComparing(Owner::id));
        return owners;
    }

    private List<Owner> ownersFrom(Connection c, String start, String comparison, int limit) throws SQLException {
        return Jdbc.query(c, "WITH RECURSIVE o(owner_id, depth) AS ("
                        + "SELECT (SELECT owner_id FROM tasks WHERE state = 'READY' AND owner_id " + comparison + " ? ORDER BY owner_id LIMIT 1), 1 "
                        + "UNION ALL SELECT (SELECT t.owner_id FROM tasks t WHERE t.state = 'READY' AND t.owner_id > o.owner_id "
                        + "ORDER BY t.owner_id LIMIT 1), o.depth + 1 FROM o WHERE o.owner_id IS NOT NULL AND o.depth < ?) "
                        + "SELECT owner_id, (SELECT t.priority FROM tasks t WHERE t.state = 'READY' AND t.owner_id = o.owner_id "
                        + "ORDER BY t.priority DESC LIMIT 1), "
                        + "(SELECT COUNT(*) FROM tasks t WHERE t.state IN ('LEASED', 'RUNNING') AND t.owner_id = o.owner_id) "
                        + "FROM o WHERE owner_id IS NOT NULL LIMIT ?",
                r -> new Owner(r.getString(1), r.getInt(2), r.getLong(3)), start, limit, limit);
    }

    private List<Candidate> ownerCandidates(Connection c, String ownerId, int rank, Node node, String trustOwner, Set<String> runtimes,
                                            int limit, long now) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(ownerId, now));
        args.addAll(runtimes);
        args.add(node.memoryMb());
        args.add(node.gpus());
        args.add(TaskNeeds.nodeLabels(node.labels()));
        args.add(node.id());
        args.add(trustOwner == null ? "" : trustOwner);
        args.add(limit);
        String sql = "SELECT t.id, t.job_id, t.runtime, t.spec, j.created_at, t.tries, t.verification, t.replicas_made, t.verify_group, "
                + "t.priority, t.ready_at, t.need_labels FROM tasks t JOIN jobs j ON j.id = t.job_id "
                + "WHERE t.state = 'READY' AND t.owner_id = ? AND t.ready_at <= ? AND t.runtime IN (" + Jdbc.placeholders(runtimes.size())
                + ") AND t.need_memory_mb <= ? AND t.need_gpus <= ? AND (t.need_labels IS NULL OR ? LIKE t.need_labels ESCAPE '\\') "
                // A run of a verified group goes only to a node whose owner has no attempt in the group yet.
                + "AND (t.verify_group IS NULL OR NOT EXISTS (SELECT 1 FROM attempts a JOIN tasks s ON s.id = a.task_id "
                + "LEFT JOIN nodes n ON n.id = a.node_id WHERE s.verify_group = t.verify_group AND (a.node_id = ? OR n.owner_id = ?))) "
                + "ORDER BY t.priority DESC, t.ready_at, t.id LIMIT ?" + dialect.skipLocked().replace("UPDATE", "UPDATE OF t");
        List<Candidate> found = new ArrayList<>();
        int[] turn = {0};
        Jdbc.query(c, sql, r -> found.add(new Candidate(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                r.getInt(6), r.getString(7), r.getInt(8), r.getString(9), r.getInt(10), r.getLong(11), r.getString(12) != null, rank,
                turn[0]++)), args.toArray());
        return found;
    }

    private static Map<String, String> labels(String json) {
        if (json == null) return Map.of();
        try {
            return Json.mapper().readValue(json, LABELS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored node labels do not parse: " + e.getOriginalMessage(), e);
        }
    }
}
