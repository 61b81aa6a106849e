package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.anchor.api.Json;
import dev.anchor.api.PlacementView;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Says why a job's READY tasks wait (docs/scheduling.md): for each, which of its requirements (runtime,
 * memory, GPUs, labels) no live, schedulable node meets, computed on read from the nodes table. A node
 * is live when it is not LOST and heartbeated within the grace period, schedulable when no operator holds
 * it and it is not excluded.
 */
public final class PlacementExplainer {
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final Database database;

    public PlacementExplainer(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    private record LiveNode(Set<String> runtimes, long memoryMb, int gpus, Map<String, String> labels) {}

    private record Waiting(String taskId, String runtime, long readyAt, String spec, long memoryMb, int gpus) {}

    /** The job's waiting tasks explained, or empty when there is no such job or {@code viewer} may not see it. */
    public Optional<PlacementView> explain(String jobId, Principal viewer, long now, long lostAfterMs) {
        return database.read(c -> {
            Optional<String> owner = Jdbc.queryOne(c, "SELECT owner_id FROM jobs WHERE id = ?", r -> r.getString(1), jobId);
            if (owner.isEmpty() || !(viewer.isAdmin() || owner.get().equals(viewer.userId()))) return Optional.<PlacementView>empty();
            List<LiveNode> nodes = liveNodes(c, now - lostAfterMs);
            List<PlacementView.Task> tasks = new ArrayList<>();
            for (Waiting task : Jdbc.query(c, "SELECT id, runtime, ready_at, spec, need_memory_mb, need_gpus FROM tasks "
                            + "WHERE job_id = ? AND state = 'READY' ORDER BY id",
                    r -> new Waiting(r.getString(1), r.getString(2), r.getLong(3), r.getString(4), r.getLong(5), r.getInt(6)), jobId)) {
                tasks.add(explain(task, nodes, now));
            }
            return Optional.of(new PlacementView(jobId, tasks));
        });
    }

    private static PlacementView.Task explain(Waiting task, List<LiveNode> nodes, long now) {
        Map<String, String> labels = TaskNeeds.ofSpecJson(task.spec()).labels();
        long waiting = Math.max(0, now - task.readyAt());
        List<String> unmet = new ArrayList<>();
        if (nodes.isEmpty()) {
            unmet.add("no live, schedulable node (all are LOST, cordoned, draining or excluded, or none registered)");
        } else {
            if (nodes.stream().noneMatch(n -> n.runtimes().contains(task.runtime()))) unmet.add("no live node has runtime " + task.runtime());
            if (nodes.stream().noneMatch(n -> n.memoryMb() >= task.memoryMb())) {
                unmet.add("no live node has memory >= " + task.memoryMb() + " MB (the most is "
                        + nodes.stream().mapToLong(LiveNode::memoryMb).max().orElse(0) + " MB)");
            }
            if (nodes.stream().noneMatch(n -> n.gpus() >= task.gpus())) {
                unmet.add("no live node has " + task.gpus() + (task.gpus() == 1 ? " GPU" : " GPUs") + " (the most is "
                        + nodes.stream().mapToInt(LiveNode::gpus).max().orElse(0) + ")");
            }
            labels.forEach((key, value) -> {
                if (nodes.stream().noneMatch(n -> value.equals(n.labels().get(key)))) unmet.add("no live node has label " + key + "=" + value);
            });
        }
        int eligible = (int) nodes.stream().filter(n -> n.runtimes().contains(task.runtime()) && n.memoryMb() >= task.memoryMb()
                && n.gpus() >= task.gpus() && new TaskNeeds(0, 0, labels).labelsMetBy(n.labels())).count();
        String reason;
        if (task.readyAt() > now) {
            reason = "waiting out a retry backoff; ready in " + (task.readyAt() - now) + " ms";
        } else if (!unmet.isEmpty()) {
            reason = "no live node can run it: " + String.join("; ", unmet);
        } else if (eligible == 0) {
            reason = "no single live node meets all its requirements together (runtime " + task.runtime() + ", memory >= "
                    + task.memoryMb() + " MB, " + task.gpus() + " GPUs" + (labels.isEmpty() ? "" : ", labels " + labels) + ")";
            unmet.add("no single live node meets all requirements together");
        } else {
            reason = eligible + (eligible == 1 ? " node can" : " nodes can") + " run it; waiting for a free slot";
        }
        return new PlacementView.Task(task.taskId(), waiting, eligible, unmet, reason);
    }

    private static List<LiveNode> liveNodes(Connection c, long heartbeatSince) throws SQLException {
        return Jdbc.query(c, "SELECT runtimes, memory_mb, gpu_count, labels FROM nodes WHERE state = 'READY' AND admin_state IS NULL "
                        + "AND excluded_at IS NULL AND last_heartbeat >= ?",
                r -> new LiveNode(r.getString(1).isEmpty() ? Set.of() : Set.of(r.getString(1).split(",")), r.getLong(2), r.getInt(3),
                        labels(r.getString(4))), heartbeatSince);
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
