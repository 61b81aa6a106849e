package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anchor.api.EventView;
import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.api.TaskState;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of an agent holding leases, and of the coordinator with acknowledged jobs. */
final class CrashIT {
    @TempDir
    Path root;

    @Test
    void tasks_of_a_killed_agent_finish_on_the_other_once_the_lease_expires() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 2_000)) {
            AnchorProcess doomed = cluster.startAgent(2);
            AnchorClient client = cluster.admin();
            String spin = client.upload(TestingCluster.wasm("integration-tests/src/test/resources/wasm/spin.wasm")).sha256();
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 2; i++) jobs.add(client.submit(TestingCluster.task(spin, "3000", null)).id());
            await().atMost(Duration.ofSeconds(30)).until(() -> jobs.stream()
                    .allMatch(id -> client.get(id).task().state() == TaskState.RUNNING));
            String doomedNode = doomed.readyValue();
            doomed.kill9();
            long killedAt = System.nanoTime();
            AnchorProcess survivor = cluster.startAgent(2);
            for (String id : jobs) {
                JobView job = client.await(id, Duration.ofSeconds(60));
                assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(job.task().output().text()).isEqualTo("spun 3000\n");
                assertThat(job.task().attempts()).isEqualTo(2);
                assertThat(job.task().node()).isEqualTo(survivor.readyValue()).isNotEqualTo(doomedNode);
                List<EventView> events = new ArrayList<>();
                client.follow(id, false, new AnchorClient.StreamListener() {
                    @Override
                    public void onEvent(EventView event) {
                        events.add(event);
                    }
                });
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.state()).isEqualTo("READY");
                    assertThat(e.message()).contains("lease expired");
                });
            }
            System.out.printf("re-dispatch after kill -9: all tasks done %d ms after the kill (lease timeout 2000 ms)%n",
                    (System.nanoTime() - killedAt) / 1_000_000);
        }
    }

    @Test
    void every_acknowledged_job_survives_a_coordinator_kill_and_finishes() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 3_000)) {
            cluster.startAgent(2);
            cluster.startAgent(2);
            AnchorClient client = cluster.admin();
            String square = client.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
            String spin = client.upload(TestingCluster.wasm("integration-tests/src/test/resources/wasm/spin.wasm")).sha256();
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean slow = i % 10 == 0;
                acknowledged.add(client.submit(TestingCluster.task(slow ? spin : square, slow ? "1500" : Integer.toString(i), null)).id());
            }
            cluster.crashAndRestartCoordinator();
            AnchorClient after = cluster.admin();
            for (int i = 0; i < acknowledged.size(); i++) {
                JobView job = after.await(acknowledged.get(i), Duration.ofSeconds(60));
                assertThat(job.state()).as("job %s: %s", job.id(), job.task().reason()).isEqualTo(JobState.SUCCEEDED);
                String expected = i % 10 == 0 ? "spun 1500\n" : ((long) i * i) + "\n";
                assertThat(job.task().output().text()).isEqualTo(expected);
            }
            assertThat(after.list(null, 500, null).items()).hasSize(40);
        }
    }
}
