package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.DataRef;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.NodeView;
import dev.anchor.api.TaskSpec;
import dev.anchor.client.AnchorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builtin and process runtimes through a real coordinator and agent: discovered, advertised, chosen from the payload. */
final class RuntimesIT {
    @TempDir
    Path root;

    @Test
    void builtin_and_process_tasks_run_on_a_real_agent_and_the_runtime_is_chosen_from_the_payload() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 5_000)) {
            cluster.startAgent(2);
            AnchorClient client = cluster.admin();
            List<NodeView> nodes = client.nodes();
            assertThat(nodes).singleElement().satisfies(node -> assertThat(node.runtimes()).contains("wasm", "builtin", "process"));

            TaskSpec sha = new TaskSpec(null, null, null, null, DataRef.ofText("abc"), null, null, "crypto", "sha256", null, null, null, null, null);
            JobView hashed = client.submitAndAwait(JobSubmission.of("sha", sha), Duration.ofSeconds(30));
            assertThat(hashed.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(hashed.task().runtime()).isEqualTo("builtin");
            assertThat(hashed.task().output().text()).startsWith("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

            TaskSpec badParams = new TaskSpec(null, null, null, null, DataRef.ofText("x"), null, null, "image", "resize",
                    Json.mapper().valueToTree(Map.of("width", 0, "height", 10)), null, null, null, null);
            JobView refused = client.submitAndAwait(JobSubmission.of("bad", badParams), Duration.ofSeconds(30));
            assertThat(refused.state()).isEqualTo(JobState.FAILED);
            assertThat(refused.task().reason()).contains("params.width");

            TaskSpec square = new TaskSpec(null, null, null, null, DataRef.ofText("12"), null, null, null, null, null,
                    List.of("sh", "-c", "read x; echo $((x*x))"), null, null, null);
            JobView squared = client.submitAndAwait(JobSubmission.of("sh", square), Duration.ofSeconds(30));
            assertThat(squared.state()).as(squared.task().reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(squared.task().runtime()).isEqualTo("process");
            assertThat(squared.task().output().text()).isEqualTo("144\n");

            TaskSpec escape = new TaskSpec(null, null, null, null, null, null, null, null, null, null,
                    List.of("cat", "/etc/shadow"), null, null, null);
            JobView contained = client.submitAndAwait(JobSubmission.of("escape", escape), Duration.ofSeconds(30));
            assertThat(contained.state()).isEqualTo(JobState.FAILED);
            assertThat(contained.task().reason()).contains("exit code");

            if (nodes.get(0).runtimes().contains("container") || "true".equals(System.getenv("CI"))) {
                assertThat(nodes.get(0).runtimes()).as("a Docker engine answers under CI (scripts/docker-test-setup.sh)").contains("container");
                TaskSpec inContainer = new TaskSpec(null, null, null, null, DataRef.ofText("7"), null, null, null, null, null,
                        List.of("sh", "-c", "read x; echo $((x*x))"), null, "anchor-test/busybox:1", null);
                JobView boxed = client.submitAndAwait(JobSubmission.of("box", inContainer), Duration.ofSeconds(60));
                assertThat(boxed.state()).as(boxed.task().reason()).isEqualTo(JobState.SUCCEEDED);
                assertThat(boxed.task().runtime()).isEqualTo("container");
                assertThat(boxed.task().output().text()).isEqualTo("49\n");
            } else {
                System.err.println("!!! SKIPPING the container part of RuntimesIT: no Docker engine answers");
            }
        }
    }
}
