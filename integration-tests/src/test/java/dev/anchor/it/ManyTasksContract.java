package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.client.AnchorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real coordinator and two real agents run 200 wasm tasks submitted through the API; each store subclasses it. */
abstract class ManyTasksContract {
    @TempDir
    Path root;

    abstract TestingCluster.Store store();

    @Test
    void two_hundred_wasm_tasks_all_succeed_with_the_computed_output() throws Exception {
        try (TestingCluster cluster = new TestingCluster(root, store(), 10_000)) {
            cluster.startAgent(2);
            cluster.startAgent(2);
            AnchorClient client = cluster.admin();
            String module = client.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
            List<Future<JobView>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < 200; i++) {
                    long n = 1000L + i;
                    results.add(pool.submit(() -> {
                        JobView job = client.submit(TestingCluster.task(module, Long.toString(n), null));
                        return client.await(job.id(), Duration.ofSeconds(60));
                    }));
                }
                Map<String, Integer> perNode = new TreeMap<>();
                for (int i = 0; i < 200; i++) {
                    JobView job = results.get(i).get();
                    long n = 1000L + i;
                    assertThat(job.state()).as("job %s (%s)", job.id(), job.task().reason()).isEqualTo(JobState.SUCCEEDED);
                    assertThat(job.task().output().text()).isEqualTo((n * n) + "\n");
                    perNode.merge(job.task().node().substring(0, 12), 1, Integer::sum);
                }
                System.out.println("tasks per node on " + store() + ": " + perNode);
            }
            assertThat(client.list(JobState.SUCCEEDED, 500, null).items()).hasSize(200);
        }
    }
}
