package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.api.TaskState;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent dies ({@code kill -9}) or freezes ({@code kill -STOP}) while it runs a task: the task runs
 * again elsewhere once the lease runs out, exactly one attempt's result is accepted, and a frozen agent
 * that wakes up is fenced (its attempt stays EXPIRED) and then serves again.
 */
final class AgentFaultIT {
    private static final long LEASE_MS = 2_000;

    @TempDir
    Path root;

    @Test
    void task_of_an_agent_killed_mid_run_is_redispatched_within_the_lease_timeout() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, LEASE_MS)) {
            List<AnchorProcess> agents = List.of(cluster.startAgent(1), cluster.startAgent(1));
            AnchorClient client = cluster.admin();
            String spin = client.upload(TestingCluster.wasm("integration-tests/src/test/resources/wasm/spin.wasm")).sha256();
            String jobId = client.submit(TestingCluster.task(spin, "3000", null)).id();
            AnchorProcess doomed = holder(agents, awaitRunning(client, jobId));
            AnchorProcess survivor = agents.get(1 - agents.indexOf(doomed));

            long killedAt = System.currentTimeMillis();
            doomed.kill9();

            JobView job = client.await(jobId, Duration.ofSeconds(60));
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.task().output().text()).isEqualTo("spun 3000\n");
            List<StoreProbe.Attempt> attempts = StoreProbe.sqlite(cluster.coordinatorData()).attempts(jobId);
            assertThat(attempts).extracting(StoreProbe.Attempt::state).containsExactly("EXPIRED", "SUCCEEDED");
            assertThat(attempts.get(0).nodeId()).isEqualTo(doomed.readyValue());
            assertThat(attempts.get(1).nodeId()).isEqualTo(survivor.readyValue());
            long redispatchMs = attempts.get(1).createdAt() - killedAt;
            System.out.printf("agent kill -9: re-dispatched %d ms after the kill (lease timeout %d ms, heartbeat every %d ms)%n",
                    redispatchMs, LEASE_MS, LEASE_MS / 3);
            // The lease runs out at most one lease after the last heartbeat; the sweep and the poll add
            // a fraction of it. A bound this loose only catches a task that waited for something else.
            assertThat(redispatchMs).isLessThan(3 * LEASE_MS);
        }
    }

    @Test
    void agent_frozen_past_its_lease_is_fenced_when_it_wakes_and_then_serves_again() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, LEASE_MS)) {
            List<AnchorProcess> agents = List.of(cluster.startAgent(1), cluster.startAgent(1));
            AnchorClient client = cluster.admin();
            String spin = client.upload(TestingCluster.wasm("integration-tests/src/test/resources/wasm/spin.wasm")).sha256();
            String square = client.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
            String jobId = client.submit(TestingCluster.task(spin, "3000", null)).id();
            AnchorProcess frozen = holder(agents, awaitRunning(client, jobId));
            AnchorProcess other = agents.get(1 - agents.indexOf(frozen));
            StoreProbe store = StoreProbe.sqlite(cluster.coordinatorData());
            String frozenAttempt = store.attempts(jobId).get(0).id();

            long frozenAt = System.currentTimeMillis();
            frozen.freeze();
            try {
                JobView job = client.await(jobId, Duration.ofSeconds(60));
                assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(job.task().node()).isEqualTo(other.readyValue());
            } finally {
                frozen.thaw();
            }
            List<StoreProbe.Attempt> attempts = store.attempts(jobId);
            System.out.printf("agent kill -STOP: re-dispatched %d ms after the freeze (lease timeout %d ms)%n",
                    attempts.get(1).createdAt() - frozenAt, LEASE_MS);

            // Awake again, the agent hears from its next heartbeat that the attempt is no longer its own,
            // or has its late FINISHED report refused; either way the store keeps the other result.
            await().atMost(Duration.ofSeconds(30)).until(() -> fenced(frozen.log(), frozenAttempt));
            attempts = store.attempts(jobId);
            assertThat(attempts).extracting(StoreProbe.Attempt::id, StoreProbe.Attempt::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(frozenAttempt, "EXPIRED"),
                            org.assertj.core.groups.Tuple.tuple(attempts.get(1).id(), "SUCCEEDED"));
            assertThat(client.get(jobId).task().output().text()).isEqualTo("spun 3000\n");

            // With the other agent gone, the thawed one must take new work.
            other.close();
            JobView next = client.await(client.submit(TestingCluster.task(square, "12", null)).id(), Duration.ofSeconds(60));
            assertThat(next.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(next.task().output().text()).isEqualTo("144\n");
            assertThat(next.task().node()).isEqualTo(frozen.readyValue());
        }
    }

    /** Waits until the job's task runs; answers the node that runs it. */
    static String awaitRunning(AnchorClient client, String jobId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> client.get(jobId).task(),
                task -> task.state() == TaskState.RUNNING).node();
    }

    static AnchorProcess holder(List<AnchorProcess> agents, String nodeId) {
        return agents.stream().filter(agent -> agent.readyValue().equals(nodeId)).findFirst().orElseThrow();
    }

    /** Whether the agent's log shows the coordinator turning the attempt away. */
    static boolean fenced(Path agentLog, String attemptId) {
        try {
            return Files.readAllLines(agentLog).stream().anyMatch(line -> line.contains(attemptId)
                    && (line.contains("refused report") || line.contains("no longer ours")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
