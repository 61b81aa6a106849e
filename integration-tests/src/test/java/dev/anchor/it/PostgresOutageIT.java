package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops in the middle of a run and comes back: requests meanwhile answer 503, agents keep
 * their results until they can deliver them, and every job acknowledged before the outage finishes once,
 * with nothing to do by hand.
 */
final class PostgresOutageIT {
    private static final long LEASE_MS = 3_000;

    @TempDir
    Path root;

    @Test
    void every_acknowledged_job_finishes_after_postgres_stops_and_starts() {
        try (ThrowawayPostgres postgres = ThrowawayPostgres.create();
             AnchorProcess coordinator = AnchorProcess.coordinator(root.resolve("coordinator"), 0, postgres.jdbcUrl(), LEASE_MS);
             AnchorProcess agent1 = AnchorProcess.journalingAgent(coordinator.readyValue(), joinToken(), root.resolve("agent-1"), 2);
             AnchorProcess agent2 = AnchorProcess.journalingAgent(coordinator.readyValue(), joinToken(), root.resolve("agent-2"), 2)) {
            AnchorClient client = new AnchorClient(coordinator.readyValue(), AnchorProcess.adminKey(root.resolve("coordinator")));
            String square = client.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
            String spin = client.upload(TestingCluster.wasm("integration-tests/src/test/resources/wasm/spin.wasm")).sha256();
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                boolean slow = i % 3 == 0;
                acknowledged.add(client.submit(TestingCluster.task(slow ? spin : square, slow ? "1500" : Integer.toString(i), null)).id());
            }

            long stoppedAt = System.nanoTime();
            postgres.stop();
            long startedAt;
            try {
                // For a few seconds every request meets the outage; each must be a 503 the caller can retry.
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20)).until(() -> {
                    AnchorException e = catchThrowableOfType(AnchorException.class,
                            () -> client.submit(TestingCluster.task(square, "1", null)));
                    return e != null && e.code() == ErrorCode.UNAVAILABLE;
                });
            } finally {
                postgres.start();
                startedAt = System.nanoTime();
            }

            for (int i = 0; i < acknowledged.size(); i++) {
                JobView job = awaitThroughOutage(client, acknowledged.get(i));
                assertThat(job.state()).as("job %s: %s", job.id(), job.task().reason()).isEqualTo(JobState.SUCCEEDED);
                assertThat(job.task().output().text()).isEqualTo(i % 3 == 0 ? "spun 1500\n" : ((long) i * i) + "\n");
            }
            long recoveredMs = (System.nanoTime() - startedAt) / 1_000_000;
            StoreProbe store = StoreProbe.postgres(postgres.jdbcUrl());
            Map<String, Long> succeededPerTask = store.allAttempts().stream().filter(a -> a.state().equals("SUCCEEDED"))
                    .collect(Collectors.groupingBy(StoreProbe.Attempt::taskId, Collectors.counting()));
            assertThat(succeededPerTask).hasSize(acknowledged.size()).allSatisfy((task, count) -> assertThat(count).isEqualTo(1L));
            long expired = store.allAttempts().stream().filter(a -> a.state().equals("EXPIRED")).count();
            assertThat(coordinator.isAlive()).isTrue();
            // The notification listener lost its connection with the server and made a new one.
            assertThat(count(coordinator.log(), "listening for wake-ups")).isGreaterThanOrEqualTo(2);
            System.out.printf("PostgreSQL outage of %d ms: all %d acknowledged jobs SUCCEEDED %d ms after it came back; "
                    + "%d attempt(s) expired (lease timeout %d ms)%n", (startedAt - stoppedAt) / 1_000_000, acknowledged.size(),
                    recoveredMs, expired, LEASE_MS);
        }
    }

    private String joinToken() {
        return AnchorProcess.joinToken(root.resolve("coordinator"));
    }

    /** Awaits a job, retrying while the coordinator still answers 503 as the pool reconnects. */
    private static JobView awaitThroughOutage(AnchorClient client, String jobId) {
        return await().atMost(Duration.ofSeconds(60)).ignoreExceptionsMatching(e -> e instanceof AnchorException a
                        && a.code() == ErrorCode.UNAVAILABLE)
                .until(() -> client.await(jobId, Duration.ofSeconds(10)), job -> job.state().isTerminal());
    }

    private static long count(Path log, String text) {
        try {
            return Files.readAllLines(log).stream().filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
