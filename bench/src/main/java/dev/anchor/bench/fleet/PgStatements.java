package dev.anchor.bench.fleet;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * With {@code ANCHOR_FLEET_PG_STATEMENTS=1} and PostgreSQL's {@code pg_stat_statements} loaded, prints
 * what the server spent on each statement during a phase: calls, rows and time per placement. A
 * diagnostic for finding the store's share of a placement; off by default (the extension needs
 * {@code shared_preload_libraries}).
 */
final class PgStatements {
    private final String url;
    private final boolean enabled;

    PgStatements(String url, boolean enabled) {
        this.url = url;
        this.enabled = enabled;
    }

    void reset(PrintStream out) {
        if (!enabled) return;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            out.println("   (pg_stat_statements is not available: " + e.getMessage() + ")");
        }
    }

    void print(PrintStream out, long placements, int top) {
        if (!enabled) return;
        String sql = "SELECT calls, rows, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements "
                + "ORDER BY total_exec_time DESC LIMIT " + top;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            out.printf("   %8s %8s %10s  %s%n", "calls/pl", "rows/pl", "us/pl", "statement (PostgreSQL execution time)");
            while (rows.next()) {
                out.printf("   %8.3f %8.3f %10.1f  %s%n", rows.getLong(1) / (double) placements, rows.getLong(2) / (double) placements,
                        rows.getDouble(3) * 1000 / placements, rows.getString(4));
            }
        } catch (SQLException e) {
            out.println("   (pg_stat_statements is not available: " + e.getMessage() + ")");
        }
    }
}
