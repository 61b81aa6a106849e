package dev.anchor.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local PostgreSQL for tests and benchmarks: {@code ANCHOR_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. {@link #freshSchemaUrl()} makes an empty
 * schema and answers a URL that uses it, so runs never see each other's rows.
 */
public final class TestingPostgres {
    public static final String URL = System.getenv().getOrDefault("ANCHOR_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestingPostgres() {}

    /** Why PostgreSQL cannot be used, or null when it answers. */
    public static String unavailableReason() {
        try (Connection connection = DriverManager.getConnection(URL)) {
            return connection.isValid(2) ? null : "PostgreSQL at " + URL + " is not valid";
        } catch (SQLException e) {
            return "PostgreSQL at " + URL + " does not answer (" + e.getMessage() + ")";
        }
    }

    public static String freshSchemaUrl() {
        String schema = "anchor_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection connection = DriverManager.getConnection(URL)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
