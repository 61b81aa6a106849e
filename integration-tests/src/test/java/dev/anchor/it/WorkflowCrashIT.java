package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anchor.api.DataRef;
import dev.anchor.api.ForEach;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.StepSpec;
import dev.anchor.api.StepView;
import dev.anchor.api.TaskState;
import dev.anchor.api.TaskView;
import dev.anchor.api.WorkflowSpec;
import dev.anchor.client.AnchorClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 20-step workflow with fan-out, its coordinator killed with SIGKILL at random points three times:
 * it still completes with the right outputs, every execution in the agents' journals is an attempt the
 * store recorded (an attempt granted just before a kill may never reach its agent, and then expires),
 * and no succeeded task ran twice.
 */
final class WorkflowCrashIT {
    private static final int STAGES = 10;
    private static final List<Integer> SPINS = List.of(150, 200, 250, 300);

    @TempDir
    Path root;

    @Test
    void a_workflow_survives_repeated_coordinator_kills_and_runs_each_task_once() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 3_000)) {
            cluster.startAgent(2);
            cluster.startAgent(2);
            AnchorClient client = cluster.admin();
            String spin = client.upload(TestingCluster.wasm("integration-tests/src/test/resources/wasm/spin.wasm")).sha256();
            String square = client.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
            String jobId = client.submit(new JobSubmission("crash", null, workflow(spin, square), null)).id();
            int totalTasks = STAGES * (SPINS.size() + 1);
            List<Integer> killedAt = new ArrayList<>();
            for (int kill = 0; kill < 3; kill++) {
                int threshold = (kill * totalTasks / 3) + 1 + random.nextInt(totalTasks / 4);
                AnchorClient now = cluster.admin();
                await().atMost(Duration.ofSeconds(60)).until(() -> succeededTasks(now.get(jobId)) >= threshold
                        || now.get(jobId).state().isTerminal());
                killedAt.add(succeededTasks(now.get(jobId)));
                cluster.crashAndRestartCoordinator();
            }
            AnchorClient after = cluster.admin();
            JobView job = after.await(jobId, Duration.ofSeconds(60));
            System.out.printf("workflow crash test: seed %d, coordinator killed after %s of %d tasks had succeeded%n", seed, killedAt, totalTasks);
            assertThat(job.state()).as(job.reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.steps()).hasSize(2 * STAGES).allSatisfy(step -> assertThat(step.state()).isEqualTo("SUCCEEDED"));
            Map<String, TaskView> tasks = new HashMap<>();
            for (StepView step : job.steps()) {
                for (TaskView task : step.tasks()) {
                    tasks.put(task.id(), task);
                    assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
                    String expected = step.id().startsWith("map") ? "spun " + SPINS.get(task.item()) + "\n" : "16\n";
                    assertThat(task.output().text()).as("output of %s", task.id()).isEqualTo(expected);
                }
            }
            assertThat(tasks).hasSize(totalTasks);
            assertJournalsMatchTheStore(cluster, jobId, tasks);
        }
    }

    private static void assertJournalsMatchTheStore(TestingCluster cluster, String jobId, Map<String, TaskView> tasks) throws IOException {
        Map<String, Integer> executions = new HashMap<>();
        Map<String, Integer> successes = new HashMap<>();
        List<String> attemptIds = new ArrayList<>();
        for (int n = 1; n <= cluster.agentCount(); n++) {
            Path journal = cluster.agentData(n).resolve("journal.txt");
            for (String line : Files.readAllLines(journal)) {
                String[] f = line.split(" ");
                if (!f[0].equals(jobId)) continue;
                attemptIds.add(f[2]);
                executions.merge(f[1], 1, Integer::sum);
                if (f[4].equals("SUCCEEDED")) successes.merge(f[1], 1, Integer::sum);
            }
        }
        assertThat(attemptIds).doesNotHaveDuplicates();
        assertThat(executions.keySet()).isEqualTo(tasks.keySet());
        int unrun = 0;
        for (TaskView task : tasks.values()) {
            assertThat(successes.get(task.id())).as("successful executions of %s", task.id()).isEqualTo(1);
            // Every execution is an attempt the store knows. An attempt no agent ran is a lease whose answer the
            // kill lost (granted and committed, the response never sent): it expires and the task runs again.
            assertThat(executions.get(task.id())).as("executions of %s vs attempts in the store", task.id()).isLessThanOrEqualTo(task.attempts());
            unrun += task.attempts() - executions.get(task.id());
        }
        // At most the polls answered at the moment of each kill: 3 kills x 4 slots in the fleet.
        System.out.printf("workflow crash test: %d attempts granted but never run (answers lost in the kills)%n", unrun);
        assertThat(unrun).as("attempts granted but never run").isLessThanOrEqualTo(3 * 4);
    }

    private static int succeededTasks(JobView job) {
        if (job.steps() == null) return 0;
        return (int) job.steps().stream().flatMap(s -> s.tasks().stream()).filter(t -> t.state() == TaskState.SUCCEEDED).count();
    }

    private static WorkflowSpec workflow(String spin, String square) {
        List<StepSpec> steps = new ArrayList<>();
        for (int i = 1; i <= STAGES; i++) {
            List<String> mapNeeds = i == 1 ? List.of() : List.of("join" + (i - 1));
            steps.add(new StepSpec("map" + i, "wasm", DataRef.ofBlob(spin), null, null, null, null, mapNeeds, null,
                    new ForEach(Json.mapper().valueToTree(SPINS), null), null, null, null, null));
            steps.add(new StepSpec("join" + i, "wasm", DataRef.ofBlob(square), null, null, DataRef.ofText("${{ size(steps.map" + i + ".outputs) }}"),
                    null, List.of("map" + i), null, null, null, null, null, null));
        }
        return new WorkflowSpec(null, null, null, steps);
    }
}
