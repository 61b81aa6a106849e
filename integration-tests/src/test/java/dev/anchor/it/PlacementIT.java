package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.NodeView;
import dev.anchor.api.PlacementView;
import dev.anchor.api.Requirements;
import dev.anchor.api.TaskSpec;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placement with real agent processes (docs/scheduling.md): a GPU task runs only on the node with a GPU,
 * memory-heavy tasks never on the node that offers little memory, a labelled task only on the node with
 * the label; a drained node takes nothing new, the placement view says why, and uncordoning it lets the
 * task run there.
 *
 * <p>The GPU is a stand-in: the GPU agent runs with a {@code nvidia-smi} script first on its PATH that
 * prints one made-up GPU (test-only; the agent probes whatever {@code nvidia-smi} it finds).
 */
final class PlacementIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private static TaskSpec sha256(String text, Integer memoryMb, Requirements requirements) {
        return new TaskSpec("builtin", null, null, null, dev.anchor.api.DataRef.ofText(text),
                memoryMb == null ? null : new LimitsSpec(memoryMb, null, null, null, null, null), null, "crypto", "sha256", null, null,
                null, null, null, requirements);
    }

    private Path fakeNvidiaSmi() throws Exception {
        Path directory = Files.createDirectories(root.resolve("fake-gpu-bin"));
        Path script = directory.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\necho '0, GPU-test-0000, Test GPU (not real), 16384, 0, 0, 30, 10.00, 100.00'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return directory;
    }

    private static JobView run(AnchorClient client, TaskSpec task) {
        JobView job = client.submitAndAwait(JobSubmission.of("placement", task), WAIT);
        assertThat(job.state()).as(job.id()).isEqualTo(JobState.SUCCEEDED);
        return job;
    }

    @Test
    void tasks_run_only_on_nodes_that_meet_their_requirements_and_a_drained_node_takes_nothing_new() throws Exception {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 3_000)) {
            String token = AnchorProcess.joinToken(cluster.coordinatorData());
            Path fake = fakeNvidiaSmi();
            try (AnchorProcess gpu = AnchorProcess.agentWithPrefix(List.of("env", "PATH=" + fake + ":" + System.getenv("PATH")),
                         cluster.url(), token, root.resolve("gpu"), 2, "--name", "gpu-node");
                 AnchorProcess small = AnchorProcess.agent(cluster.url(), token, root.resolve("small"), 2, "--name", "small-node",
                         "--memory-mb", "512", "--label", "zone=eu-1");
                 AnchorProcess plain = AnchorProcess.agent(cluster.url(), token, root.resolve("plain"), 2, "--name", "plain-node")) {
                AnchorClient client = cluster.admin();
                Map<String, NodeView> nodes = new java.util.HashMap<>();
                for (NodeView node : client.nodes()) nodes.put(node.id(), node);
                assertThat(nodes.get(gpu.readyValue()).gpuCount()).isEqualTo(1);
                assertThat(nodes.get(small.readyValue()).memoryMb()).isEqualTo(512);
                assertThat(nodes.get(plain.readyValue()).gpuCount()).isZero();

                for (int i = 0; i < 4; i++) {
                    JobView job = run(client, sha256("gpu " + i, null, new Requirements(1, null)));
                    assertThat(job.task().node()).as("a GPU task").isEqualTo(gpu.readyValue());
                }
                List<String> heavyNodes = new ArrayList<>();
                for (int i = 0; i < 8; i++) heavyNodes.add(run(client, sha256("heavy " + i, 1_024, null)).task().node());
                assertThat(heavyNodes).as("1024 MB tasks").doesNotContain(small.readyValue());
                JobView labelled = run(client, sha256("eu", null, new Requirements(null, Map.of("zone", "eu-1"))));
                assertThat(labelled.task().node()).isEqualTo(small.readyValue());

                assertThat(client.holdNode(small.readyValue(), "drain").state()).isIn("DRAINING", "DRAINED");
                await().atMost(WAIT).until(() -> client.nodes().stream()
                        .anyMatch(n -> n.id().equals(small.readyValue()) && n.state().equals("DRAINED")));
                String waiting = client.submit(JobSubmission.of("drained", sha256("eu again", null,
                        new Requirements(null, Map.of("zone", "eu-1"))))).id();
                await().atMost(WAIT).until(() -> !client.placement(waiting).tasks().isEmpty()
                        && !client.placement(waiting).tasks().getFirst().unmet().isEmpty());
                PlacementView.Task why = client.placement(waiting).tasks().getFirst();
                assertThat(why.unmet()).containsExactly("no live node has label zone=eu-1");
                assertThat(client.get(waiting).state()).isEqualTo(JobState.PENDING);

                assertThat(client.holdNode(small.readyValue(), "uncordon").state()).isEqualTo("READY");
                JobView done = client.await(waiting, WAIT);
                assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(done.task().node()).isEqualTo(small.readyValue());
            }
        }
    }
}
