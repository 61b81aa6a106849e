package dev.anchor.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local PostgreSQL the tests use ({@code ANCHOR_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}). Each call makes a fresh schema. When the
 * server does not answer, tests skip with a loud message, except under {@code CI=true}, where that fails.
 */
final class TestingPostgres {
    static final String URL = System.getenv().getOrDefault("ANCHOR_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestingPostgres() {}

    static Database freshSchema() {
        try (var connection = DriverManager.getConnection(URL)) {
            connection.isValid(2);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + URL + " does not answer (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + "; under CI=true this is a failure", e);
            System.err.println("!!! SKIPPING PostgreSQL tests: " + message);
            assumeTrue(false, message);
        }
        String schema = "anchor_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return Database.postgres(URL, null, null, schema);
    }
}
