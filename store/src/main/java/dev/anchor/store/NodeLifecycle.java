package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A node's lifecycle (docs/scheduling.md). Two things make its state: liveness in {@code nodes.state}
 * (READY while it heartbeats; LOST when the sweeper saw no heartbeat for the grace period, which expires
 * its attempts so their tasks run elsewhere; READY again at its next heartbeat or registration) and an
 * operator's hold in {@code nodes.admin_state} (CORDONED or DRAINING: no new leases, running attempts go
 * on; a draining node shows DRAINED once it runs nothing). A hold survives re-registration and restarts;
 * only uncordon lifts it.
 *
 * <p>Fencing: the attempts of a LOST node are EXPIRED, so when it comes back its reports about them are
 * refused as too late, and its next heartbeat lists them to stop (see {@link LeaseStore}).
 */
public final class NodeLifecycle {
    /** The holds an operator can put on a node. */
    public enum Hold {
        /** No new leases; running attempts go on. */
        CORDONED,
        /** No new leases; the node shows DRAINED once its running attempts end. */
        DRAINING
    }

    private final Database database;

    public NodeLifecycle(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** Puts {@code hold} on a node, or lifts any hold with null; false when there is no such node. */
    public boolean hold(String nodeId, Hold hold) {
        return database.transaction(c -> Jdbc.update(c, "UPDATE nodes SET admin_state = ? WHERE id = ?",
                hold == null ? null : hold.name(), nodeId) == 1);
    }

    /** A heartbeat without telemetry: the node is alive (a LOST node is READY again). */
    public void heartbeat(String nodeId, long now) {
        database.transaction(c -> alive(c, nodeId, now));
    }

    static int alive(java.sql.Connection c, String nodeId, long now) throws java.sql.SQLException {
        return Jdbc.update(c, "UPDATE nodes SET last_heartbeat = ?, state = 'READY' WHERE id = ?", now, nodeId);
    }

    /**
     * Marks LOST every node whose last heartbeat is more than {@code lostAfterMs} old and expires its
     * active attempts (their tasks go back to READY while they have attempts left); answers the jobs that
     * changed. The caller gives nodes a grace period after a coordinator starts before calling this.
     */
    public Set<String> markLost(long now, long lostAfterMs, LeaseStore leases) {
        long before = now - lostAfterMs;
        return database.transaction(c -> {
            Set<String> changed = new LinkedHashSet<>();
            List<String> silent = Jdbc.query(c, "SELECT id FROM nodes WHERE state <> 'LOST' AND last_heartbeat < ? ORDER BY id",
                    r -> r.getString(1), before);
            for (String nodeId : silent) {
                // Conditional, so a heartbeat that committed meanwhile wins.
                if (Jdbc.update(c, "UPDATE nodes SET state = 'LOST' WHERE id = ? AND state <> 'LOST' AND last_heartbeat < ?",
                        nodeId, before) == 1) {
                    changed.addAll(leases.expireNodeAttempts(c, nodeId, now,
                            "node " + nodeId + " is LOST: no heartbeat for more than " + lostAfterMs + " ms"));
                }
            }
            return changed;
        });
    }

    /**
     * The state a node shows: LOST (marked, or silent longer than the grace period), else CORDONED,
     * DRAINING or DRAINED (draining with no active attempts), else READY.
     */
    static String shownState(String liveness, String hold, boolean silent, int activeAttempts) {
        if (silent || "LOST".equals(liveness)) return "LOST";
        if (hold == null) return liveness;
        if (hold.equals(Hold.DRAINING.name()) && activeAttempts == 0) return "DRAINED";
        return hold;
    }
}
