package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.store.Database;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Two coordinators' signals joined through PostgreSQL LISTEN/NOTIFY, as two replicas would be. */
final class ReadyNotifierTest {
    private static final String URL = System.getenv().getOrDefault("ANCHOR_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @Test
    void ready_work_and_job_changes_on_one_coordinator_wake_the_other() {
        String schema = freshSchema();
        try (Database first = Database.postgres(URL, null, null, schema); Database second = Database.postgres(URL, null, null, schema)) {
            Signal readyA = new Signal();
            JobSignals jobsA = new JobSignals();
            Signal readyB = new Signal();
            JobSignals jobsB = new JobSignals();
            try (ReadyNotifier a = ReadyNotifier.start(first, "crd_a", readyA, jobsA);
                 ReadyNotifier b = ReadyNotifier.start(second, "crd_b", readyB, jobsB)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> a.listening() && b.listening());
                Signal watched = jobsB.watch("job_1");
                long readySeen = readyB.generation();
                long jobSeen = watched.generation();

                readyA.fire();
                await().atMost(Duration.ofSeconds(10)).until(() -> readyB.generation() > readySeen);
                jobsA.fire(Set.of("job_1", "job_2"));
                await().atMost(Duration.ofSeconds(10)).until(() -> watched.generation() > jobSeen);
                jobsB.release("job_1");
            }
        }
    }

    @Test
    void payloads_name_the_sender_and_split_long_job_lists() {
        assertThat(ReadyNotifier.payloads("crd_a", true, List.of())).containsExactly("crd_a|R|");
        assertThat(ReadyNotifier.payloads("crd_a", false, List.of())).isEmpty();
        assertThat(ReadyNotifier.payloads("crd_a", false, List.of("j1", "j2"))).containsExactly("crd_a||j1,j2");
        List<String> many = java.util.stream.IntStream.range(0, 450).mapToObj(i -> "job_" + i).toList();
        List<String> payloads = ReadyNotifier.payloads("crd_a", true, many);
        assertThat(payloads).hasSize(3).allSatisfy(p -> assertThat(p.length()).isLessThan(8_000));
        assertThat(payloads.get(0)).startsWith("crd_a|R|job_0,");
        assertThat(payloads.get(1)).startsWith("crd_a||job_200,");
    }

    private static String freshSchema() {
        String schema = "anchor_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (var connection = DriverManager.getConnection(URL)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + URL + " does not answer (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + "; under CI=true this is a failure", e);
            System.err.println("!!! SKIPPING PostgreSQL tests: " + message);
            assumeTrue(false, message);
        }
        return schema;
    }
}
