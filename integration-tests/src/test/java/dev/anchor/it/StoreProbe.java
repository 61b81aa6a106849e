package dev.anchor.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a coordinator's store directly, as an operator with {@code psql} or {@code sqlite3} would: the
 * attempts of a job, which the API sums up as a count. Read-only; opens a connection per call.
 */
final class StoreProbe {
    private final String jdbcUrl;

    private StoreProbe(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    static StoreProbe sqlite(Path coordinatorData) {
        return new StoreProbe("jdbc:sqlite:" + coordinatorData.resolve("anchor.db").toAbsolutePath());
    }

    static StoreProbe postgres(String jdbcUrl) {
        return new StoreProbe(jdbcUrl);
    }

    /** One attempt: its node, its state (LEASED, RUNNING, SUCCEEDED, EXPIRED, ...) and when it was leased (epoch ms). */
    record Attempt(String id, String taskId, String nodeId, String state, long createdAt, String reason) {}

    /** The attempts of a job's tasks, in the order they were leased. */
    List<Attempt> attempts(String jobId) {
        return query("SELECT a.id, a.task_id, a.node_id, a.state, a.created_at, a.reason FROM attempts a JOIN tasks t ON t.id = a.task_id "
                + "WHERE t.job_id = ? ORDER BY a.created_at, a.id", jobId);
    }

    /** Every attempt in the store. */
    List<Attempt> allAttempts() {
        return query("SELECT id, task_id, node_id, state, created_at, reason FROM attempts ORDER BY created_at, id");
    }

    /** The holder of a coordinator lease ({@code sweeper}), or "" when nobody took it yet. */
    String leaseHolder(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             var statement = c.prepareStatement("SELECT holder FROM coordinator_leases WHERE name = ?")) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private List<Attempt> query(String sql, String... args) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) statement.setString(i + 1, args[i]);
            try (var rows = statement.executeQuery()) {
                List<Attempt> attempts = new ArrayList<>();
                while (rows.next()) {
                    attempts.add(new Attempt(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5),
                            rows.getString(6)));
                }
                return attempts;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }
}
