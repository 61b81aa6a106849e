package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anchor.api.DataRef;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.NodeView;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.TaskState;
import dev.anchor.bench.fleet.SimulatedFleet;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real coordinator process and 50 simulated nodes in this JVM, speaking the real protocol over loopback. */
final class SimulatedFleetIT {
    private static final int NODES = 50;
    private static final int TASKS = 500;
    private static final TaskSpec TASK = new TaskSpec("builtin", null, null, null, DataRef.ofText("fleet"), null, null, "crypto", "sha256",
            null, null, null, null, null);

    @TempDir
    Path root;

    @Test
    void fifty_simulated_nodes_complete_five_hundred_tasks_each_exactly_once() throws Exception {
        Map<String, AtomicInteger> leasesPerJob = new ConcurrentHashMap<>();
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 15_000);
             SimulatedFleet fleet = SimulatedFleet.start(new SimulatedFleet.Settings(List.of(cluster.url()),
                     AnchorProcess.joinToken(cluster.coordinatorData()), NODES, 2, List.of("builtin")),
                     (lease, nanos) -> leasesPerJob.computeIfAbsent(lease.jobId(), id -> new AtomicInteger()).incrementAndGet(),
                     Duration.ofMinutes(1))) {
            AnchorClient client = new AnchorClient(cluster.url(), AnchorProcess.adminKey(cluster.coordinatorData()));
            List<NodeView> nodes = client.nodes();
            assertThat(nodes).hasSize(NODES).allSatisfy(node -> assertThat(node.labels()).containsEntry("fleet", "simulated"));
            assertThat(nodes.stream().mapToInt(NodeView::gpuCount).sum()).isEqualTo(NODES / 10);

            List<JobView> finished = Collections.synchronizedList(new ArrayList<>());
            // A bounded number of clients at once, as real users are: 500 simultaneous connections from one
            // client process only measure the loopback's accept queue.
            try (ExecutorService submitters = Executors.newFixedThreadPool(32)) {
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < TASKS; i++) {
                    work.add(submitters.submit(() -> {
                        String id = client.submit(JobSubmission.of("fleet", TASK)).id();
                        finished.add(client.await(id, Duration.ofSeconds(60)));
                        return null;
                    }));
                }
                for (Future<?> future : work) future.get();
            }

            assertThat(finished).hasSize(TASKS).allSatisfy(job -> {
                assertThat(job.state()).as(job.id()).isEqualTo(JobState.SUCCEEDED);
                assertThat(job.task().state()).isEqualTo(TaskState.SUCCEEDED);
                assertThat(job.task().attempts()).as("attempts of %s", job.id()).isEqualTo(1);
                assertThat(job.task().output().text()).isEqualTo("ok");
            });
            assertThat(new HashSet<>(finished.stream().map(JobView::id).toList())).hasSize(TASKS);
            assertThat(leasesPerJob).hasSize(TASKS).allSatisfy((job, leases) -> assertThat(leases.get()).as("leases of %s", job).isEqualTo(1));
            assertThat(fleet.reported()).isEqualTo(TASKS);
            assertThat(fleet.refused()).isZero();
            assertThat(finished.stream().map(job -> job.task().node()).distinct().count())
                    .as("tasks spread over the fleet").isGreaterThan(NODES / 5);
        }
    }

    /**
     * The benchmark's controls: a held fleet takes nothing, however much is queued; released while it
     * keeps tasks running, it fills every slot (never more than a node's slots) and reports each task
     * STARTED only; told to finish, it reports them all, and every job succeeds once.
     */
    @Test
    void a_held_fleet_takes_nothing_and_one_that_keeps_tasks_running_fills_its_slots_then_finishes_them() throws Exception {
        int nodes = 10;
        int slots = 2;
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 15_000);
             SimulatedFleet fleet = SimulatedFleet.startHeld(new SimulatedFleet.Settings(List.of(cluster.url()),
                     AnchorProcess.joinToken(cluster.coordinatorData()), nodes, slots, List.of("builtin")), SimulatedFleet.Listener.NONE,
                     Duration.ofMinutes(1))) {
            AnchorClient client = new AnchorClient(cluster.url(), AnchorProcess.adminKey(cluster.coordinatorData()));
            fleet.hold(Duration.ofSeconds(30));
            fleet.keepTasksRunning(lease -> true);
            List<String> jobIds = new ArrayList<>();
            for (int i = 0; i < nodes * slots; i++) jobIds.add(client.submit(JobSubmission.of("held", TASK)).id());
            // No poll is under way while the fleet is held, so nothing can have been leased.
            assertThat(jobIds).allSatisfy(id -> assertThat(client.get(id).task().state()).isEqualTo(TaskState.READY));
            assertThat(fleet.leased()).isZero();

            fleet.release();
            await().atMost(Duration.ofSeconds(60)).until(() -> jobIds.stream().allMatch(id -> client.get(id).task().state() == TaskState.RUNNING));
            assertThat(fleet.leased()).isEqualTo(nodes * slots);
            assertThat(fleet.reported()).as("nothing finished yet").isZero();
            Map<String, Long> perNode = jobIds.stream().collect(Collectors.groupingBy(id -> client.get(id).task().node(), Collectors.counting()));
            assertThat(perNode).hasSize(nodes).allSatisfy((node, running) -> assertThat(running).as("tasks on %s", node).isEqualTo(slots));

            fleet.finishRunning(Duration.ofMinutes(1));
            assertThat(fleet.reported()).isEqualTo(nodes * slots);
            assertThat(jobIds).allSatisfy(id -> {
                JobView job = client.await(id, Duration.ofSeconds(30));
                assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(job.task().attempts()).isEqualTo(1);
            });
            assertThat(fleet.refused()).isZero();
        }
    }
}
