package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.DataRef;
import dev.anchor.api.EventView;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.TaskSpec;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent with {@code --sandbox-workers}: a guest that aborts V8 costs only its task, never the agent. */
final class SandboxWorkersIT {
    @TempDir
    Path root;

    @Test
    void a_js_task_that_aborts_v8_fails_as_sandbox_crashed_after_its_retries_and_the_agent_lives_on() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 5_000);
             AnchorProcess agent = AnchorProcess.agent(cluster.url(), AnchorProcess.joinToken(cluster.coordinatorData()),
                     root.resolve("sandboxed"), 2, "--sandbox-workers")) {
            AnchorClient client = cluster.admin();
            JobView crashed = client.submitAndAwait(js("'ab'.repeat(1e8).split('').length", 2), Duration.ofSeconds(120));
            assertThat(crashed.state()).isEqualTo(JobState.FAILED);
            assertThat(crashed.task().reason()).startsWith("sandbox crashed");
            assertThat(crashed.task().attempts()).isEqualTo(2);
            List<EventView> events = new ArrayList<>();
            client.follow(crashed.id(), false, new AnchorClient.StreamListener() {
                @Override
                public void onEvent(EventView event) {
                    events.add(event);
                }
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.state()).isEqualTo("READY");
                assertThat(e.message()).contains("sandbox crashed").endsWith("; retrying");
            });
            assertThat(agent.isAlive()).isTrue();

            JobView next = client.submitAndAwait(js("console.log('still here'); 6 * 7", 1), Duration.ofSeconds(60));
            assertThat(next.state()).as(next.task().reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(agent.isAlive()).isTrue();
        }
    }

    /** Prints (asserts nothing about) what a warm worker adds to a trivial wasm task end to end. */
    @Test
    void prints_the_extra_cost_of_a_trivial_wasm_task_through_a_warm_worker() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 5_000)) {
            AnchorClient client = cluster.admin();
            String square = client.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
            String token = AnchorProcess.joinToken(cluster.coordinatorData());
            double inAgent;
            try (AnchorProcess plain = AnchorProcess.agent(cluster.url(), token, root.resolve("plain"), 1)) {
                inAgent = medianMillis(client, square);
            }
            double inWorker;
            try (AnchorProcess sandboxed = AnchorProcess.agent(cluster.url(), token, root.resolve("sandboxed"), 1, "--sandbox-workers")) {
                inWorker = medianMillis(client, square);
            }
            System.out.printf("trivial wasm task end to end (submit to result), median of 40: in-agent %.2f ms, warm sandbox worker "
                    + "%.2f ms, extra %.2f ms%n", inAgent, inWorker, inWorker - inAgent);
        }
    }

    private static double medianMillis(AnchorClient client, String square) {
        for (int i = 0; i < 20; i++) client.submitAndAwait(TestingCluster.task(square, "3", null), Duration.ofSeconds(60));
        long[] nanos = new long[40];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            JobView job = client.submitAndAwait(TestingCluster.task(square, Integer.toString(i), null), Duration.ofSeconds(60));
            nanos[i] = System.nanoTime() - start;
            assertThat(job.state()).as(job.task().reason()).isEqualTo(JobState.SUCCEEDED);
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }

    private static JobSubmission js(String script, int maxAttempts) {
        return JobSubmission.of(null, new TaskSpec("js", null, null, null, null, null, maxAttempts, null, null, null, null, null, null,
                DataRef.ofText(script)));
    }
}
