package dev.anchor.store;

import dev.anchor.api.JobState;
import dev.anchor.api.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Ringers: tasks with a known answer (docs/verification.md). A copy of a task whose output a quorum
 * verified is queued again as a job of the system user; whichever node runs it is checked against the
 * verified output hash, as a replica would be. Nodes cannot tell a ringer from other work: it is an
 * ordinary task with an ordinary payload.
 */
final class Ringers {
    static final String SYSTEM_USER = "usr_anchor_system";

    private Ringers() {}

    /** Queues one ringer, copied from a recently verified task, if there is one. */
    static void enqueue(Connection c, RandomGenerator random, long now) throws SQLException {
        record Known(String taskId, String runtime, String spec, int maxAttempts, String outputHash) {}
        List<Known> recent = Jdbc.query(c, "SELECT id, runtime, spec, max_attempts, output_hash FROM tasks WHERE verify_group = id "
                        + "AND replica_of IS NULL AND known_hash IS NULL AND state = 'SUCCEEDED' ORDER BY finished_at DESC LIMIT 50",
                r -> new Known(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getString(5)));
        if (recent.isEmpty()) return;
        Known known = recent.get(random.nextInt(recent.size()));
        if (Jdbc.queryOne(c, "SELECT 1 FROM users WHERE id = ?", r -> 1, SYSTEM_USER).isEmpty()) {
            Jdbc.update(c, "INSERT INTO users (id, name, role, created_at) VALUES (?, 'anchor-system', 'system', ?)", SYSTEM_USER, now);
        }
        String jobId = Ids.next("job_", now);
        String taskId = Ids.next("tsk_", now);
        Jdbc.update(c, "INSERT INTO jobs (id, owner_id, name, state, spec, created_at, updated_at, kind) "
                + "VALUES (?, ?, 'ringer', 'PENDING', '{}', ?, ?, 'ringer')", jobId, SYSTEM_USER, now, now);
        Jdbc.update(c, "INSERT INTO tasks (id, job_id, state, runtime, spec, max_attempts, ready_at, created_at, updated_at, purpose, "
                + "verify_group, replicas_made, known_hash) VALUES (?, ?, 'READY', ?, ?, ?, ?, ?, ?, 'ringer', ?, 1, ?)",
                taskId, jobId, known.runtime(), known.spec(), known.maxAttempts(), now, now, now, taskId, known.outputHash());
        Transitions.event(c, jobId, null, "job", JobState.PENDING.name(), "ringer of " + known.taskId(), now);
        Transitions.event(c, jobId, taskId, "task", TaskState.READY.name(), null, now);
    }

    /** The known answer of a ringer task, or null when the task is not one. */
    static String knownHash(Connection c, String taskId) throws SQLException {
        return Jdbc.queryOne(c, "SELECT known_hash FROM tasks WHERE id = ?", r -> r.getString(1), taskId).orElse(null);
    }
}
