package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import dev.anchor.testing.TestingPostgres;
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
 * Two coordinators on one PostgreSQL schema and one blob directory, agents split across them, clients
 * submitting to both; one coordinator is killed with SIGKILL under load. Every acknowledged job
 * finishes exactly once, the dead coordinator's agents carry on with the live one, and the sweeper duty
 * moves to it.
 */
final class CoordinatorFailoverIT {
    private static final long LEASE_MS = 3_000;

    @TempDir
    Path root;

    @Test
    void every_acknowledged_job_finishes_once_when_one_of_two_coordinators_is_killed() {
        String databaseUrl = postgresUrl();
        String blobs = root.resolve("shared-blobs").toString();
        List<AnchorProcess> processes = new ArrayList<>();
        try {
            AnchorProcess first = start(processes, AnchorProcess.coordinator(root.resolve("coordinator-a"), 0, databaseUrl, LEASE_MS,
                    "--blob-dir", blobs));
            AnchorProcess second = start(processes, AnchorProcess.coordinator(root.resolve("coordinator-b"), 0, databaseUrl, LEASE_MS,
                    "--blob-dir", blobs));
            // The join token and the admin key live in the shared store: the second coordinator took both.
            String token = AnchorProcess.joinToken(root.resolve("coordinator-a"));
            String adminKey = AnchorProcess.adminKey(root.resolve("coordinator-a"));
            String a = first.readyValue();
            String b = second.readyValue();
            List<AnchorProcess> agents = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String urls = i % 2 == 1 ? a + "," + b : b + "," + a;
                agents.add(start(processes, AnchorProcess.agentWithPrefix(List.of(), urls, token, root.resolve("agent-" + i), 1)));
            }
            AnchorClient viaA = new AnchorClient(a, adminKey);
            AnchorClient viaB = new AnchorClient(b, adminKey);
            String square = viaA.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
            String spin = viaB.upload(TestingCluster.wasm("integration-tests/src/test/resources/wasm/spin.wasm")).sha256();
            StoreProbe store = StoreProbe.postgres(databaseUrl);
            String sweeperBefore = store.leaseHolder("sweeper");

            List<String> acknowledged = new ArrayList<>();
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                boolean slow = i % 5 == 0;
                String input = slow ? "300" : Integer.toString(i);
                // Blobs uploaded to one coordinator serve jobs submitted to the other.
                acknowledged.add((i % 2 == 0 ? viaA : viaB).submit(TestingCluster.task(slow ? spin : square, input, null)).id());
                inputs.add(input);
            }
            long killedAt = System.currentTimeMillis();
            first.kill9();
            // Load goes on against the survivor.
            for (int i = 30; i < 45; i++) {
                acknowledged.add(viaB.submit(TestingCluster.task(square, Integer.toString(i), null)).id());
                inputs.add(Integer.toString(i));
            }

            for (int i = 0; i < acknowledged.size(); i++) {
                JobView job = viaB.await(acknowledged.get(i), Duration.ofSeconds(60));
                assertThat(job.state()).as("job %s: %s", job.id(), job.task().reason()).isEqualTo(JobState.SUCCEEDED);
                long n = Long.parseLong(inputs.get(i));
                assertThat(job.task().output().text()).isEqualTo(i < 30 && i % 5 == 0 ? "spun " + n + "\n" : (n * n) + "\n");
            }
            long doneMs = System.currentTimeMillis() - killedAt;
            Map<String, Long> succeededPerTask = store.allAttempts().stream().filter(at -> at.state().equals("SUCCEEDED"))
                    .collect(Collectors.groupingBy(StoreProbe.Attempt::taskId, Collectors.counting()));
            assertThat(succeededPerTask).hasSize(acknowledged.size()).allSatisfy((task, count) -> assertThat(count).isEqualTo(1L));

            // Every agent, those that started on the dead coordinator included, heartbeats to the survivor.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(viaB.nodes())
                    .filteredOn(node -> agents.stream().anyMatch(agent -> agent.readyValue().equals(node.id())))
                    .hasSize(4).allSatisfy(node -> assertThat(node.lastHeartbeat()).isGreaterThan(killedAt)));
            // The sweeper duty ends with the survivor (it may have held it from the start).
            String sweeperAfter = await().atMost(Duration.ofSeconds(30)).until(() -> store.leaseHolder("sweeper"),
                    holder -> !holder.isEmpty() && !mentions(first.log(), holder));
            long expired = store.allAttempts().stream().filter(at -> at.state().equals("EXPIRED")).count();
            System.out.printf("coordinator kill -9 (1 of 2): %d acknowledged jobs SUCCEEDED once each, the last %d ms after the kill; "
                    + "%d attempt(s) expired; sweeper lease %s -> %s (lease timeout %d ms)%n", acknowledged.size(), doneMs, expired,
                    sweeperBefore, sweeperAfter, LEASE_MS);
            assertThat(catchThrowableOfType(AnchorException.class, () -> viaA.me()).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        } finally {
            for (AnchorProcess process : processes.reversed()) process.close();
        }
    }

    /** Whether a process's log names the text (a coordinator logs its own id when it takes the sweeper lease). */
    private static boolean mentions(Path log, String text) {
        try {
            return Files.readAllLines(log).stream().anyMatch(line -> line.contains(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AnchorProcess start(List<AnchorProcess> processes, AnchorProcess process) {
        processes.add(process);
        return process;
    }

    private static String postgresUrl() {
        String reason = TestingPostgres.unavailableReason();
        if (reason != null) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(reason + "; under CI=true this is a failure");
            System.err.println("!!! SKIPPING coordinator failover test: " + reason);
            assumeTrue(false, reason);
        }
        return TestingPostgres.freshSchemaUrl();
    }
}
