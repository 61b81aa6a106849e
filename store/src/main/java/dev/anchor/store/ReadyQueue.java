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
 * The READY tasks a dispatch round's nodes may take, in lease order (docs/scheduling.md): only tasks
 * whose runtime, memory, GPUs and labels some node of the round has; higher priority first; at equal priority a round-robin between
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
                     int replicasMade, String group, int priority, long readyAt, boolean labelled, int ownerRank, int turn,
                     long needMemoryMb, int needGpus) {}

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

    /** The nodes of a round as placement sees them, by id; ids with no node are missing. */
    Map<String, Node> nodes(Connection c, List<String> nodeIds) throws SQLException {
        Map<String, Node> found = new java.util.HashMap<>();
        if (nodeIds.isEmpty()) return found;
        String in = Jdbc.placeholders(nodeIds.size());
        // Active and recent attempts of all the round's nodes in two grouped queries, not three subqueries per node.
        Map<String, Integer> active = new java.util.HashMap<>();
        Jdbc.query(c, "SELECT node_id, COUNT(*) FROM attempts WHERE node_id IN (" + in + ") AND state IN ('LEASED', 'RUNNING') "
                + "GROUP BY node_id", r -> active.put(r.getString(1), r.getInt(2)), nodeIds.toArray());
        Map<String, int[]> recent = recentOutcomes(c, nodeIds);
        Jdbc.query(c, "SELECT id, state, admin_state, memory_mb, gpu_count, labels, cores, load, free_memory_mb, memory_total_mb, "
                        + "agreements, disagreements, receipts_rejected FROM nodes WHERE id IN (" + in + ")",
                r -> {
                    String id = r.getString(1);
                    int[] counts = recent.get(id);
                    return found.put(id, new Node(id, r.getString(2), r.getString(3), r.getLong(4), r.getInt(5), labels(r.getString(6)),
                            r.getInt(7), r.getDouble(8), r.getLong(9), Jdbc.nullableLong(r, "memory_total_mb"), r.getLong(11), r.getLong(12),
                            r.getLong(13), active.getOrDefault(id, 0), counts[0], counts[1]));
                }, nodeIds.toArray());
        return found;
    }

    /** How long a node's recent outcomes are reused before they are read again. */
    private static final long RECENT_TTL_NANOS = 2_000_000_000L;

    private record Recent(long readAt, int succeeded, int failed) {}

    /** Per node, recent outcomes read in the last {@link #RECENT_TTL_NANOS}: a health factor a second or two old is good enough. */
    private final java.util.concurrent.ConcurrentHashMap<String, Recent> recentCache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Of each node's last {@value #RECENT} attempts, how many SUCCEEDED and how many FAILED, TIMED_OUT or
     * EXPIRED ({succeeded, failed}), from a cache of at most two seconds; the others are read with a LIMIT
     * per node through the (node_id, created_at) index.
     */
    private Map<String, int[]> recentOutcomes(Connection c, List<String> nodeIds) throws SQLException {
        long now = System.nanoTime();
        Map<String, int[]> recent = new java.util.HashMap<>();
        List<String> stale = new ArrayList<>();
        for (String nodeId : nodeIds) {
            Recent cached = recentCache.get(nodeId);
            if (cached != null && now - cached.readAt() < RECENT_TTL_NANOS) recent.put(nodeId, new int[] {cached.succeeded(), cached.failed()});
            else stale.add(nodeId);
        }
        if (stale.isEmpty()) return recent;
        for (String nodeId : stale) recent.put(nodeId, new int[2]);
        String sql = String.join(" UNION ALL ", java.util.Collections.nCopies(stale.size(),
                "SELECT * FROM (SELECT node_id, state FROM attempts WHERE node_id = ? ORDER BY created_at DESC LIMIT " + RECENT + ") r"));
        Jdbc.query(c, sql, r -> {
            int[] counts = recent.get(r.getString(1));
            String state = r.getString(2);
            if ("SUCCEEDED".equals(state)) counts[0]++;
            else if ("FAILED".equals(state) || "TIMED_OUT".equals(state) || "EXPIRED".equals(state)) counts[1]++;
            return 1;
        }, stale.toArray());
        for (String nodeId : stale) {
            int[] counts = recent.get(nodeId);
            recentCache.put(nodeId, new Recent(now, counts[0], counts[1]));
        }
        if (recentCache.size() > 100_000) recentCache.clear();
        return recent;
    }

    /** What any node of a round can offer: a READY task that none of them could run is not fetched. */
    record RoundFilter(Set<String> runtimes, long maxMemoryMb, int maxGpus, Set<String> nodeLabels) {}

    /**
     * A round's candidates, sorted in lease order: each owner's share of {@code limit} and one more (for
     * the owners from {@link #owners}, in their order) of the tasks that at least one of the round's nodes
     * could run by runtime, memory, GPUs and labels. Priority first; at equal priority the owners take
     * turns (each one's first task, then each one's second, ...). Which node takes which is decided in
     * memory ({@link LeaseRound}).
     */
    List<Candidate> roundCandidates(Connection c, List<Owner> owners, RoundFilter filter, int limit, long now) throws SQLException {
        List<Candidate> all = new ArrayList<>();
        // Each owner's fair share of the round, and one more: owners that take turns never need more. What an
        // owner with little work leaves unused waits for the next round, which follows at once.
        int share = (limit + owners.size() - 1) / owners.size() + 1;
        for (int rank = 0; rank < owners.size(); rank++) {
            all.addAll(roundOwnerCandidates(c, owners.get(rank).id(), rank, filter, share, now));
        }
        all.sort(Comparator.comparingInt(Candidate::priority).reversed().thenComparingInt(Candidate::turn)
                .thenComparingInt(Candidate::ownerRank).thenComparingLong(Candidate::readyAt).thenComparing(Candidate::taskId));
        return all;
    }

    private List<Candidate> roundOwnerCandidates(Connection c, String ownerId, int rank, RoundFilter filter, int limit, long now)
            throws SQLException {
        List<Object> args = new ArrayList<>(List.of(ownerId, now));
        args.addAll(filter.runtimes());
        args.add(filter.maxMemoryMb());
        args.add(filter.maxGpus());
        StringBuilder labels = new StringBuilder("(t.need_labels IS NULL");
        for (String nodeLabels : filter.nodeLabels()) {
            labels.append(" OR ? LIKE t.need_labels ESCAPE '\\'");
            args.add(nodeLabels);
        }
        labels.append(')');
        args.add(limit);
        String sql = "SELECT t.id, t.job_id, t.runtime, t.spec, j.created_at, t.tries, t.verification, t.replicas_made, t.verify_group, "
                + "t.priority, t.ready_at, t.need_labels, t.need_memory_mb, t.need_gpus FROM tasks t JOIN jobs j ON j.id = t.job_id "
                + "WHERE t.state = 'READY' AND t.owner_id = ? AND t.ready_at <= ? AND t.runtime IN (" + Jdbc.placeholders(filter.runtimes().size())
                + ") AND t.need_memory_mb <= ? AND t.need_gpus <= ? AND " + labels
                + " ORDER BY t.priority DESC, t.ready_at, t.id LIMIT ?" + dialect.skipLocked().replace("UPDATE", "UPDATE OF t");
        List<Candidate> found = new ArrayList<>();
        int[] turn = {0};
        Jdbc.query(c, sql, r -> found.add(new Candidate(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                r.getInt(6), r.getString(7), r.getInt(8), r.getString(9), r.getInt(10), r.getLong(11), r.getString(12) != null, rank,
                turn[0]++, r.getLong(13), r.getInt(14))), args.toArray());
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
