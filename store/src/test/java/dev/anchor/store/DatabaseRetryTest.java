package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions on PostgreSQL survive a broken connection and serialization failures; nothing else is retried. */
final class DatabaseRetryTest {
    @TempDir
    Path directory;

    @Test
    void transaction_whose_connection_is_killed_runs_again_on_a_new_one() {
        try (Database database = TestingPostgres.freshSchema()) {
            AtomicInteger runs = new AtomicInteger();
            String value = database.transaction(c -> {
                Jdbc.update(c, "INSERT INTO settings (name, value) VALUES ('retry', ?)", "run " + runs.incrementAndGet());
                // The first run's server process is ended under it, as a PostgreSQL restart would.
                if (runs.get() == 1) Jdbc.query(c, "SELECT pg_terminate_backend(pg_backend_pid())", r -> r.getBoolean(1));
                return Jdbc.queryOne(c, "SELECT value FROM settings WHERE name = 'retry'", r -> r.getString(1)).orElseThrow();
            });
            assertThat(runs).hasValue(2);
            assertThat(value).isEqualTo("run 2");
            assertThat(new SettingsStore(database).get("retry")).contains("run 2");
        }
    }

    @Test
    void serialization_failure_and_deadlock_are_retried_a_bounded_number_of_times() {
        try (Database database = TestingPostgres.freshSchema()) {
            AtomicInteger runs = new AtomicInteger();
            String result = database.transaction(c -> {
                if (runs.incrementAndGet() < 3) throw new SQLException("could not serialize", runs.get() == 1 ? "40001" : "40P01");
                return "done";
            });
            assertThat(result).isEqualTo("done");
            assertThat(runs).hasValue(3);

            AtomicInteger forever = new AtomicInteger();
            assertThatThrownBy(() -> database.transaction(c -> {
                forever.incrementAndGet();
                throw new SQLException("could not serialize", "40001");
            })).isInstanceOf(StoreException.class).hasMessageContaining("after " + Database.MAX_TRIES + " tries");
            assertThat(forever).hasValue(Database.MAX_TRIES);
        }
    }

    @Test
    void other_failures_are_not_retried() {
        try (Database database = TestingPostgres.freshSchema()) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> database.transaction(c -> {
                runs.incrementAndGet();
                return Jdbc.update(c, "INSERT INTO no_such_table VALUES (1)");
            })).isInstanceOf(StoreException.class);
            assertThat(runs).hasValue(1);
        }
        try (Database database = Database.sqlite(directory.resolve("anchor.db"), false)) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> database.transaction(c -> {
                runs.incrementAndGet();
                throw new SQLException("busy", "40001");
            })).isInstanceOf(StoreException.class);
            assertThat(runs).as("SQLite has one process; nothing to wait out").hasValue(1);
        }
    }
}
