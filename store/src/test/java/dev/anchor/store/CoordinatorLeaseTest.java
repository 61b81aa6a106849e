package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweeper lease between coordinators on one PostgreSQL, and on SQLite, where there is only one. */
final class CoordinatorLeaseTest {
    @TempDir
    Path directory;

    @Test
    void one_holder_at_a_time_until_the_lease_runs_out() {
        try (Database database = TestingPostgres.freshSchema()) {
            CoordinatorLease a = new CoordinatorLease(database, CoordinatorLease.SWEEPER, "crd_a");
            CoordinatorLease b = new CoordinatorLease(database, CoordinatorLease.SWEEPER, "crd_b");
            assertThat(a.current()).isEmpty();

            assertThat(a.acquire(1_000, 300)).isTrue();
            assertThat(b.acquire(1_100, 300)).isFalse();
            assertThat(a.acquire(1_200, 300)).as("the holder renews").isTrue();
            assertThat(b.acquire(1_450, 300)).as("renewed until 1500").isFalse();
            assertThat(a.current()).contains(new CoordinatorLease.Holder("crd_a", 1_500, 1_000));

            assertThat(b.acquire(1_501, 300)).as("a silent holder's lease runs out").isTrue();
            assertThat(a.acquire(1_502, 300)).isFalse();
            assertThat(b.current().orElseThrow().id()).isEqualTo("crd_b");
        }
    }

    @Test
    void a_released_lease_is_taken_at_once() {
        try (Database database = TestingPostgres.freshSchema()) {
            CoordinatorLease a = new CoordinatorLease(database, CoordinatorLease.SWEEPER, "crd_a");
            CoordinatorLease b = new CoordinatorLease(database, CoordinatorLease.SWEEPER, "crd_b");
            assertThat(a.acquire(1_000, 10_000)).isTrue();
            a.release();
            assertThat(b.acquire(1_001, 10_000)).isTrue();
            b.release();
            a.release();
            assertThat(b.current().orElseThrow().id()).as("release by a non-holder changes nothing").isEqualTo("crd_b");
        }
    }

    @Test
    void the_only_coordinator_on_sqlite_always_holds_it() {
        try (Database database = Database.sqlite(directory.resolve("anchor.db"), false)) {
            assertThat(new CoordinatorLease(database, CoordinatorLease.SWEEPER, "crd_a").acquire(1_000, 100)).isTrue();
            assertThat(new CoordinatorLease(database, CoordinatorLease.SWEEPER, "crd_b").acquire(1_000, 100)).isTrue();
        }
    }
}
