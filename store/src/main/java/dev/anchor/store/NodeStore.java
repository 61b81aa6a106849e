package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.NodeView;
import dev.anchor.api.agent.Telemetry;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Registered nodes, their session tokens (hashed) and their last telemetry. */
public final class NodeStore {
    private final Database database;

    public NodeStore(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** A node's registration; registering again replaces its token and details. */
    public record Registration(String nodeId, String publicKey, String name, List<String> runtimes, int cores, long memoryMb, int slots) {}

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
    public java.util.Set<String> runtimes(String nodeId) {
        return database.read(c -> Jdbc.queryOne(c, "SELECT runtimes FROM nodes WHERE id = ?", row -> row.getString(1), nodeId))
                .filter(value -> !value.isEmpty())
                .map(value -> java.util.Set.of(value.split(",")))
                .orElse(java.util.Set.of());
    }

    public void recordTelemetry(String nodeId, Telemetry telemetry, long now) {
        database.transaction(c -> Jdbc.update(c,
                "UPDATE nodes SET running = ?, load = ?, free_memory_mb = ?, last_heartbeat = ?, state = 'READY' WHERE id = ?",
                telemetry.running(), telemetry.load(), telemetry.freeMemoryMb(), now, nodeId));
    }

    /** All nodes; one whose last heartbeat is older than {@code lostAfterMs} shows as LOST. */
    public List<NodeView> list(long now, long lostAfterMs) {
        return database.read(c -> Jdbc.query(c,
                "SELECT id, name, state, runtimes, cores, memory_mb, slots, running, load, free_memory_mb, registered_at, "
                        + "last_heartbeat FROM nodes ORDER BY registered_at, id",
                row -> {
                    long last = row.getLong("last_heartbeat");
                    String state = now - last > lostAfterMs ? "LOST" : row.getString("state");
                    String runtimes = row.getString("runtimes");
                    return new NodeView(row.getString("id"), row.getString("name"), state,
                            runtimes.isEmpty() ? List.of() : Arrays.asList(runtimes.split(",")),
                            row.getInt("cores"), row.getLong("memory_mb"), row.getInt("slots"), row.getInt("running"),
                            row.getDouble("load"), row.getLong("free_memory_mb"), row.getLong("registered_at"), last);
                }));
    }
}
