package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.anchor.api.Json;
import dev.anchor.api.NodeView;
import dev.anchor.api.TelemetrySample;
import dev.anchor.api.agent.GpuInfo;
import dev.anchor.api.agent.Telemetry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registered nodes, their session tokens (hashed), their latest telemetry and a bounded telemetry
 * history: the newest {@value #HISTORY_SAMPLES} samples per node, older ones pruned in the transaction
 * that adds a sample. Every heartbeat updates the node's latest figures; a history sample is added at
 * most once per {@code historyEveryMs} per node (the coordinator uses 10 s: an hour of history), so a
 * large fleet's heartbeats cost one row update each, not an insert and a prune too.
 */
public final class NodeStore {
    /** Telemetry samples kept per node. */
    public static final int HISTORY_SAMPLES = 360;
    /** The coordinator's spacing of history samples per node. */
    public static final long DEFAULT_HISTORY_EVERY_MS = 10_000;
    private static final TypeReference<List<GpuInfo>> GPU_LIST = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final Database database;
    private final long historyEveryMs;
    /** When each node's last history sample was taken by this process (a second coordinator keeps its own). */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> sampledAt = new java.util.concurrent.ConcurrentHashMap<>();

    /** A store that keeps a history sample of every heartbeat (tests). */
    public NodeStore(Database database) {
        this(database, 0);
    }

    /** {@code historyEveryMs}: the least time between two history samples of one node. */
    public NodeStore(Database database, long historyEveryMs) {
        this.database = requireNonNull(database, "database is null");
        if (historyEveryMs < 0) throw new IllegalArgumentException("historyEveryMs must not be negative");
        this.historyEveryMs = historyEveryMs;
    }

    /**
     * A node's registration; registering again replaces its token and details.
     *
     * @param gpus   NVIDIA GPUs the node found at start, or null when it did not say
     * @param labels the node's placement labels, or null for none
     */
    public record Registration(String nodeId, String publicKey, String name, List<String> runtimes, int cores, long memoryMb, int slots,
                               Integer gpus, Map<String, String> labels) {
        public Registration {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        /** A registration without GPU count or labels. */
        public Registration(String nodeId, String publicKey, String name, List<String> runtimes, int cores, long memoryMb, int slots) {
            this(nodeId, publicKey, name, runtimes, cores, memoryMb, slots, null, null);
        }
    }

    /**
     * Records a registration with a new session token. Attempts the node held under an earlier
     * registration belong to a process that is gone: they are expired at once so their tasks run again.
     */
    public void register(Registration node, String tokenHash, long now, LeaseStore leases) {
        database.transaction(c -> {
            String runtimes = String.join(",", node.runtimes());
            int updated = Jdbc.update(c, "UPDATE nodes SET public_key = ?, name = ?, token_hash = ?, state = 'READY', runtimes = ?, "
                            + "cores = ?, memory_mb = ?, slots = ?, running = 0, last_heartbeat = ? WHERE id = ?",
                    node.publicKey(), node.name(), tokenHash, runtimes, node.cores(), node.memoryMb(), node.slots(), now, node.nodeId());
            if (updated == 0) {
                Jdbc.update(c, "INSERT INTO nodes (id, public_key, name, token_hash, state, runtimes, cores, memory_mb, slots, "
                                + "registered_at, last_heartbeat) VALUES (?, ?, ?, ?, 'READY', ?, ?, ?, ?, ?, ?)",
                        node.nodeId(), node.publicKey(), node.name(), tokenHash, runtimes, node.cores(), node.memoryMb(),
                        node.slots(), now, now);
            }
            Jdbc.update(c, "UPDATE nodes SET gpu_count = ?, labels = ? WHERE id = ?",
                    node.gpus() == null ? 0 : node.gpus(), node.labels().isEmpty() ? null : write(node.labels()), node.nodeId());
            leases.expireNodeAttempts(c, node.nodeId(), now, "node re-registered; the attempt's process is gone");
            return null;
        });
    }

    /** The node a session token belongs to. */
    public Optional<String> authenticate(String token) {
        String hash = Hashes.sha256Hex(token);
        return database.read(c -> Jdbc.queryOne(c, "SELECT id FROM nodes WHERE token_hash = ?", row -> row.getString(1), hash));
    }

    /** The runtimes a node advertised at registration. */
    /** The registered public key (raw 32 bytes, base64) of a node, or empty when no node has that id. */
    public Optional<String> publicKey(String nodeId) {
        return database.read(c -> Jdbc.queryOne(c, "SELECT public_key FROM nodes WHERE id = ?", row -> row.getString(1), nodeId));
    }

    public java.util.Set<String> runtimes(String nodeId) {
        return database.read(c -> Jdbc.queryOne(c, "SELECT runtimes FROM nodes WHERE id = ?", row -> row.getString(1), nodeId))
                .filter(value -> !value.isEmpty())
                .map(value -> java.util.Set.of(value.split(",")))
                .orElse(java.util.Set.of());
    }

    /**
     * Records a heartbeat's telemetry as the node's latest, and as a history sample when the node's last
     * one is {@code historyEveryMs} old, pruning its samples beyond {@link #HISTORY_SAMPLES} (an index
     * range on {@code (node_id, id)}, so cheap).
     */
    public void recordTelemetry(String nodeId, Telemetry telemetry, long now) {
        database.transaction(c -> {
            recordTelemetry(c, nodeId, telemetry, now);
            return null;
        });
    }

    /**
     * One heartbeat in one transaction: the node is alive (with its telemetry, when it sent some) and
     * every active lease it holds is extended (see {@link LeaseStore#extend}).
     */
    public LeaseStore.Extension heartbeat(String nodeId, Telemetry telemetry, List<String> reported, LeaseStore leases,
                                          long leaseTimeoutMs, long now) {
        return heartbeatAll(List.of(new Heartbeat(nodeId, telemetry, reported)), leases, leaseTimeoutMs, now).getFirst();
    }

    /** One node's heartbeat: its telemetry (or null) and the attempts it says it holds (null: it did not say). */
    public record Heartbeat(String nodeId, Telemetry telemetry, List<String> reported) {
        public Heartbeat {
            requireNonNull(nodeId, "nodeId is null");
            reported = reported == null ? null : List.copyOf(reported);
        }
    }

    /** Several nodes' heartbeats in one transaction (a group commit), each as {@link #heartbeat} applies it; answers in order. */
    public List<LeaseStore.Extension> heartbeatAll(List<Heartbeat> beats, LeaseStore leases, long leaseTimeoutMs, long now) {
        // Node rows are locked in id order, so two groups never wait on each other in a cycle.
        Integer[] order = new Integer[beats.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, java.util.Comparator.comparing(i -> beats.get(i).nodeId()));
        return database.transaction(c -> {
            LeaseStore.Extension[] out = new LeaseStore.Extension[beats.size()];
            for (int i : order) {
                Heartbeat beat = beats.get(i);
                if (beat.telemetry() != null) recordTelemetry(c, beat.nodeId(), beat.telemetry(), now);
                else NodeLifecycle.alive(c, beat.nodeId(), now);
                out[i] = leases.extend(c, beat.nodeId(), beat.reported(), leaseTimeoutMs, now);
            }
            return List.of(out);
        });
    }

    private void recordTelemetry(Connection c, String nodeId, Telemetry telemetry, long now) throws SQLException {
        String gpus = telemetry.gpus().isEmpty() ? null : write(telemetry.gpus());
        int updated = Jdbc.update(c, "UPDATE nodes SET running = ?, load = ?, free_memory_mb = ?, last_heartbeat = ?, state = 'READY', "
                        + "memory_total_mb = ?, disk_total_mb = ?, disk_free_mb = ?, gpu_count = ?, gpus = ? WHERE id = ?",
                telemetry.running(), telemetry.load(), telemetry.freeMemoryMb(), now, telemetry.memoryTotalMb(),
                telemetry.diskTotalMb(), telemetry.diskFreeMb(), telemetry.gpus().size(), gpus, nodeId);
        if (updated == 0) return;
        Long last = sampledAt.get(nodeId);
        if (last != null && now - last < historyEveryMs && now >= last) return;
        sampledAt.put(nodeId, now);
        Jdbc.update(c, "INSERT INTO node_telemetry (node_id, at, load, free_memory_mb, disk_free_mb, running, gpus) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                nodeId, now, telemetry.load(), telemetry.freeMemoryMb(), telemetry.diskFreeMb(), telemetry.running(), gpus);
        prune(c, nodeId);
    }

    private static void prune(Connection c, String nodeId) throws SQLException {
        Optional<Long> oldestKept = Jdbc.queryOne(c, "SELECT id FROM node_telemetry WHERE node_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?",
                row -> row.getLong(1), nodeId, HISTORY_SAMPLES - 1);
        if (oldestKept.isPresent()) {
            Jdbc.update(c, "DELETE FROM node_telemetry WHERE node_id = ? AND id < ?", nodeId, oldestKept.get());
        }
    }

    /** A node's kept telemetry samples, oldest first; empty when it has none, absent when there is no such node. */
    public Optional<List<TelemetrySample>> telemetryHistory(String nodeId) {
        return database.read(c -> {
            if (Jdbc.queryOne(c, "SELECT id FROM nodes WHERE id = ?", row -> row.getString(1), nodeId).isEmpty()) return Optional.empty();
            return Optional.of(Jdbc.query(c, "SELECT at, load, free_memory_mb, disk_free_mb, running, gpus FROM node_telemetry "
                            + "WHERE node_id = ? ORDER BY id",
                    row -> new TelemetrySample(row.getLong("at"), row.getDouble("load"), row.getLong("free_memory_mb"),
                            Jdbc.nullableLong(row, "disk_free_mb"), row.getInt("running"), read(row.getString("gpus"), GPU_LIST)),
                    nodeId));
        });
    }

    /** All nodes; one whose last heartbeat is older than {@code lostAfterMs} shows as LOST. */
    public List<NodeView> list(long now, long lostAfterMs) {
        return database.read(c -> Jdbc.query(c, "SELECT " + VIEW_COLUMNS + " FROM nodes ORDER BY registered_at, id",
                row -> view(row, now, lostAfterMs)));
    }

    /** One node, as {@link #list} shows it. */
    public Optional<NodeView> get(String nodeId, long now, long lostAfterMs) {
        return database.read(c -> Jdbc.queryOne(c, "SELECT " + VIEW_COLUMNS + " FROM nodes WHERE id = ?",
                row -> view(row, now, lostAfterMs), nodeId));
    }

    private static final String VIEW_COLUMNS = "id, name, state, runtimes, cores, memory_mb, slots, running, load, free_memory_mb, "
            + "registered_at, last_heartbeat, memory_total_mb, disk_free_mb, disk_total_mb, gpu_count, gpus, labels, admin_state, "
            + "(SELECT COUNT(*) FROM attempts a WHERE a.node_id = nodes.id AND a.state IN ('LEASED', 'RUNNING')) AS active";

    private static NodeView view(ResultSet row, long now, long lostAfterMs) throws SQLException {
        long last = row.getLong("last_heartbeat");
        String state = NodeLifecycle.shownState(row.getString("state"), row.getString("admin_state"), now - last > lostAfterMs,
                row.getInt("active"));
        String runtimes = row.getString("runtimes");
        return new NodeView(row.getString("id"), row.getString("name"), state,
                runtimes.isEmpty() ? List.of() : Arrays.asList(runtimes.split(",")),
                row.getInt("cores"), row.getLong("memory_mb"), row.getInt("slots"), row.getInt("running"),
                row.getDouble("load"), row.getLong("free_memory_mb"), row.getLong("registered_at"), last,
                Jdbc.nullableLong(row, "memory_total_mb"), Jdbc.nullableLong(row, "disk_free_mb"), Jdbc.nullableLong(row, "disk_total_mb"),
                row.getInt("gpu_count"), read(row.getString("gpus"), GPU_LIST), read(row.getString("labels"), LABELS));
    }

    private static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("telemetry always serialises", e);
        }
    }

    /** A JSON column this store wrote; null stays null. */
    private static <T> T read(String json, TypeReference<T> type) {
        if (json == null) return null;
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored telemetry column does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
