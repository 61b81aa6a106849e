package dev.anchor.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a task's time went between submit and result, from the coordinator's own event rows: each
 * state change is stamped (1 ms resolution) in the transaction that made it. Means over many tasks
 * are exact enough even at that resolution. Reads the store directly, so it leans on the
 * {@code events} table of the schema; when that changes, this says so and the run carries on.
 */
final class Timeline {
    private static final int CHUNK = 500;

    /** Mean milliseconds of each step; NaN when no task had both ends. */
    record Steps(int tasks, double readyToLeased, double leasedToRunning, double runningToDone) {
        String summary() {
            return String.format("READY->LEASED %.2f, LEASED->RUNNING %.2f (lease answer, agent, STARTED report), "
                    + "RUNNING->SUCCEEDED %.2f (guest, FINISHED report); means in ms over %,d tasks",
                    readyToLeased, leasedToRunning, runningToDone, tasks);
        }
    }

    private Timeline() {}

    /** The steps of {@code jobIds}' tasks, read through {@code jdbcUrl} (the coordinator may have stopped). */
    static Steps of(String jdbcUrl, List<String> jobIds) throws SQLException {
        Map<String, Map<String, Long>> stamps = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            for (int from = 0; from < jobIds.size(); from += CHUNK) {
                List<String> chunk = jobIds.subList(from, Math.min(jobIds.size(), from + CHUNK));
                String sql = "SELECT job_id, state, at FROM events WHERE type = 'task' AND job_id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) statement.setString(i + 1, chunk.get(i));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            // The first stamp of each state: a retried task keeps its first lease.
                            stamps.computeIfAbsent(rows.getString(1), id -> new HashMap<>()).putIfAbsent(rows.getString(2), rows.getLong(3));
                        }
                    }
                }
            }
        }
        return new Steps(stamps.size(), mean(stamps, "READY", "LEASED"), mean(stamps, "LEASED", "RUNNING"),
                mean(stamps, "RUNNING", "SUCCEEDED"));
    }

    private static double mean(Map<String, Map<String, Long>> stamps, String from, String to) {
        List<Long> gaps = new ArrayList<>();
        for (Map<String, Long> job : stamps.values()) {
            if (job.containsKey(from) && job.containsKey(to)) gaps.add(job.get(to) - job.get(from));
        }
        return gaps.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }
}
