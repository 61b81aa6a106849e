package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.PlacementView;
import dev.anchor.api.TaskState;
import dev.anchor.api.agent.Telemetry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Placement (docs/scheduling.md): constraints, priority, fairness between owners, node health, the
 * "why queued" view and the node lifecycle, run against every dialect.
 */
abstract class PlacementContractTest {
    private static final long LEASE = 10_000;
    private static final long LOST_AFTER = 30_000;
    private static final Set<String> WASM = Set.of("wasm");

    private Database database;
    private JobStore jobs;
    private LeaseStore leases;
    private NodeStore nodes;
    private NodeLifecycle lifecycle;
    private PlacementExplainer explainer;
    private Principal alice;
    private Principal bob;
    private long now = 1_700_000_000_000L;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path blobDirectory;

    protected abstract Database openDatabase();

    @BeforeEach
    void setUp() {
        database = openDatabase();
        jobs = new JobStore(database);
        leases = new LeaseStore(database, new WorkflowStore(database, new FileBlobStore(blobDirectory)));
        nodes = new NodeStore(database);
        lifecycle = new NodeLifecycle(database);
        explainer = new PlacementExplainer(database);
        UserStore users = new UserStore(database);
        alice = users.authenticate(users.create("alice", "user", now).apiKey()).orElseThrow();
        bob = users.authenticate(users.create("bob", "user", now).apiKey()).orElseThrow();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private void node(String id, long memoryMb, int gpus, Map<String, String> labels) {
        nodes.register(new NodeStore.Registration(id, "key-" + id, id, List.of("wasm"), 4, memoryMb, 4, gpus, labels),
                Hashes.sha256Hex("token-" + id), now, leases);
    }

    private String submit(Principal owner, String taskSpecJson, int priority) {
        String taskId = Ids.next("tsk_", now);
        jobs.submit(new NewJob(Ids.next("job_", now), owner.userId(), "t", null, "{\"priority\":" + priority + "}", taskId, "wasm",
                taskSpecJson, 3), now);
        return taskId;
    }

    private String submit(Principal owner, String taskSpecJson) {
        return submit(owner, taskSpecJson, 0);
    }

    private List<String> leased(String nodeId, int max) {
        return leases.lease(nodeId, WASM, max, LEASE, now).stream().map(LeasedTask::taskId).toList();
    }

    private static final String GPU_TASK = "{\"runtime\":\"wasm\",\"requirements\":{\"gpus\":1}}";
    private static final String BIG_TASK = "{\"runtime\":\"wasm\",\"limits\":{\"memoryMb\":8192}}";
    private static final String PLAIN_TASK = "{\"runtime\":\"wasm\",\"limits\":{\"memoryMb\":256}}";

    @Test
    void a_gpu_task_goes_only_to_a_node_with_a_gpu() {
        node("cpu-node", 16_384, 0, null);
        node("gpu-node", 16_384, 1, null);
        String gpuTask = submit(alice, GPU_TASK);
        assertThat(leased("cpu-node", 4)).isEmpty();
        assertThat(leased("gpu-node", 4)).containsExactly(gpuTask);
    }

    @Test
    void a_memory_heavy_task_never_goes_to_a_small_node() {
        node("small", 1_024, 0, null);
        node("large", 32_768, 0, null);
        String big = submit(alice, BIG_TASK);
        String plain = submit(alice, PLAIN_TASK);
        assertThat(leased("small", 4)).containsExactly(plain);
        assertThat(leased("small", 4)).isEmpty();
        assertThat(leased("large", 4)).containsExactly(big);
    }

    @Test
    void every_required_label_must_match_exactly() {
        node("eu", 4_096, 0, Map.of("zone", "eu-1", "disk", "ssd"));
        node("us", 4_096, 0, Map.of("zone", "us-1", "disk", "ssd"));
        node("odd", 4_096, 0, Map.of("zone", "EU-1", "disk", "ssd"));
        String both = submit(alice, "{\"runtime\":\"wasm\",\"requirements\":{\"labels\":{\"zone\":\"eu-1\",\"disk\":\"ssd\"}}}");
        String wild = submit(alice, "{\"runtime\":\"wasm\",\"requirements\":{\"labels\":{\"zone\":\"%\"}}}");
        assertThat(leased("us", 4)).isEmpty();
        assertThat(leased("odd", 4)).as("values match case-sensitively").isEmpty();
        assertThat(leased("eu", 4)).as("a %% in a label is no wildcard").containsExactly(both);
        assertThat(explainer.explain(jobOf(wild), alice, now, LOST_AFTER).orElseThrow().tasks().getFirst().unmet())
                .containsExactly("no live node has label zone=%");
    }

    @Test
    void higher_priority_tasks_are_leased_first() {
        node("n", 4_096, 0, null);
        String low = submit(alice, PLAIN_TASK, -5);
        now++;
        String normal = submit(alice, PLAIN_TASK, 0);
        now++;
        String urgent = submit(bob, PLAIN_TASK, 50);
        assertThat(leased("n", 1)).containsExactly(urgent);
        assertThat(leased("n", 1)).containsExactly(normal);
        assertThat(leased("n", 1)).containsExactly(low);
    }

    @Test
    void one_owners_flood_does_not_delay_another_owners_task() {
        for (int i = 0; i < 4; i++) node("n" + i, 4_096, 0, null);
        database.transaction(c -> {
            // 10,000 READY tasks of alice's, stored as JobStore.submit stores them, in one transaction to keep the test quick.
            for (int i = 0; i < 10_000; i++) {
                String jobId = Ids.next("job_", now);
                String taskId = Ids.next("tsk_", now);
                Jdbc.update(c, "INSERT INTO jobs (id, owner_id, name, state, spec, created_at, updated_at) VALUES (?, ?, 'flood', "
                        + "'PENDING', '{}', ?, ?)", jobId, alice.userId(), now, now);
                Jdbc.update(c, "INSERT INTO tasks (id, job_id, state, runtime, spec, max_attempts, ready_at, created_at, updated_at, "
                        + "owner_id, priority, need_memory_mb, need_gpus, need_labels) VALUES (?, ?, 'READY', 'wasm', ?, 3, ?, ?, ?, ?, 0, 0, 0, "
                        + "NULL)", taskId, jobId, PLAIN_TASK, now, now, now, alice.userId());
            }
            return null;
        });
        // Alice's work is already flowing when bob's one task arrives, later than all of hers.
        assertThat(leased("n0", 4)).hasSize(4);
        now += 1_000;
        String bobs = submit(bob, PLAIN_TASK);
        int calls = 0;
        boolean found = false;
        while (!found && calls < 100) {
            found = leased("n" + (calls % 4), 4).contains(bobs);
            calls++;
        }
        assertThat(calls).as("lease calls until bob's task was leased").isEqualTo(1);
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) next.addAll(leased("n" + i, 4));
        assertThat(next).as("alice's flood keeps flowing").hasSize(16);
    }

    @Test
    void owners_take_turns_at_equal_priority() {
        node("n", 4_096, 0, null);
        List<String> alices = new ArrayList<>();
        for (int i = 0; i < 3; i++) alices.add(submit(alice, PLAIN_TASK));
        now++;
        String bobs = submit(bob, PLAIN_TASK);
        List<String> batch = leased("n", 2);
        assertThat(batch).containsExactlyInAnyOrder(alices.getFirst(), bobs);
    }

    @Test
    void a_loaded_node_takes_fewer_tasks_per_call_and_a_busy_one_one_while_others_wait() {
        node("loaded", 4_096, 0, null);
        node("busy", 4_096, 0, null);
        for (int i = 0; i < 20; i++) submit(alice, PLAIN_TASK);
        nodes.recordTelemetry("loaded", new Telemetry(16.0, 2_048, 0, 4, 4, 4_096L, null, null, List.of()), now);
        assertThat(leased("loaded", 4)).as("load 16 on 4 cores: score 0.25").hasSize(1);
        assertThat(leases.lease("busy", WASM, 4, true, LEASE, now).tasks()).as("idle: takes what it asks").hasSize(4);
        LeaseStore.Batch spread = leases.lease("busy", WASM, 4, true, LEASE, now);
        assertThat(spread.tasks()).as("busy while others wait: one").hasSize(1);
        assertThat(spread.more()).isTrue();
    }

    @Test
    void a_cordoned_or_draining_node_gets_no_new_work_and_keeps_its_running_attempts() {
        node("n", 4_096, 0, null);
        submit(alice, PLAIN_TASK);
        String second = submit(alice, PLAIN_TASK);
        LeasedTask running = leases.lease("n", WASM, 1, LEASE, now).getFirst();
        assertThat(lifecycle.hold("n", NodeLifecycle.Hold.CORDONED)).isTrue();
        assertThat(lifecycle.hold("no-such-node", NodeLifecycle.Hold.CORDONED)).isFalse();
        assertThat(leased("n", 4)).isEmpty();
        assertThat(state("n")).isEqualTo("CORDONED");
        assertThat(leases.extend("n", List.of(running.attemptId()), LEASE, now).stop()).as("its attempt goes on").isEmpty();

        lifecycle.hold("n", NodeLifecycle.Hold.DRAINING);
        assertThat(state("n")).isEqualTo("DRAINING");
        assertThat(leased("n", 4)).isEmpty();
        var outcome = leases.report("n", List.of(success(running.attemptId())), now);
        assertThat(outcome.results().getFirst().accepted()).isTrue();
        assertThat(state("n")).isEqualTo("DRAINED");
        // A hold survives the node registering again.
        node("n", 4_096, 0, null);
        assertThat(state("n")).isEqualTo("DRAINED");

        lifecycle.hold("n", null);
        assertThat(state("n")).isEqualTo("READY");
        assertThat(leased("n", 4)).containsExactly(second);
    }

    @Test
    void a_lost_node_loses_its_leases_and_its_late_report_is_refused_when_it_returns() {
        node("gone", 4_096, 0, null);
        node("other", 4_096, 0, null);
        String taskId = submit(alice, PLAIN_TASK);
        LeasedTask old = leases.lease("gone", WASM, 1, LEASE, now).getFirst();
        lifecycle.heartbeat("other", now + LOST_AFTER);
        now += LOST_AFTER + 1;
        Set<String> changed = lifecycle.markLost(now, LOST_AFTER, leases);
        assertThat(changed).containsExactly(jobOf(taskId));
        assertThat(state("gone")).isEqualTo("LOST");
        assertThat(state("other")).isEqualTo("READY");
        assertThat(leased("gone", 1)).as("a LOST node gets nothing").isEmpty();
        assertThat(lifecycle.markLost(now, LOST_AFTER, leases)).as("marked once").isEmpty();

        // The node comes back: its heartbeat makes it READY; its old attempt is fenced.
        lifecycle.heartbeat("gone", now);
        assertThat(state("gone")).isEqualTo("READY");
        assertThat(leases.extend("gone", List.of(old.attemptId()), LEASE, now).stop()).containsExactly(old.attemptId());
        var late = leases.report("gone", List.of(success(old.attemptId())), now).results().getFirst();
        assertThat(late.accepted()).isFalse();
        assertThat(late.reason()).contains("too late");
        LeasedTask again = leases.lease("other", WASM, 1, LEASE, now).getFirst();
        assertThat(again.taskId()).isEqualTo(taskId);
        assertThat(leases.report("other", List.of(success(again.attemptId())), now).results().getFirst().accepted()).isTrue();
        assertThat(jobs.get(jobOf(taskId), alice).orElseThrow().task().state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void placement_view_says_which_requirement_no_live_node_meets() {
        node("small", 1_024, 0, Map.of("zone", "eu-1"));
        String gpu = submit(alice, GPU_TASK);
        String big = submit(alice, BIG_TASK);
        String labelled = submit(alice, "{\"runtime\":\"wasm\",\"requirements\":{\"labels\":{\"zone\":\"us-1\"}}}");
        String fits = submit(alice, PLAIN_TASK);
        now += 10_000;
        assertThat(task(gpu).unmet()).containsExactly("no live node has 1 GPU (the most is 0)");
        assertThat(task(big).unmet()).containsExactly("no live node has memory >= 8192 MB (the most is 1024 MB)");
        assertThat(task(labelled).unmet()).containsExactly("no live node has label zone=us-1");
        PlacementView.Task ok = task(fits);
        assertThat(ok.unmet()).isEmpty();
        assertThat(ok.eligibleNodes()).isEqualTo(1);
        assertThat(ok.waitingMs()).isEqualTo(10_000);
        assertThat(ok.reason()).isEqualTo("1 node can run it; waiting for a free slot");
        assertThat(explainer.explain(jobOf(fits), bob, now, LOST_AFTER)).as("bob may not see alice's job").isEmpty();

        lifecycle.hold("small", NodeLifecycle.Hold.CORDONED);
        assertThat(task(fits).unmet()).singleElement().asString().startsWith("no live, schedulable node");
        lifecycle.hold("small", null);
        now += LOST_AFTER;
        assertThat(task(fits).eligibleNodes()).as("a silent node is not live").isZero();
    }

    private PlacementView.Task task(String taskId) {
        return explainer.explain(jobOf(taskId), alice, now, LOST_AFTER).orElseThrow().tasks().stream()
                .filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
    }

    private String jobOf(String taskId) {
        return database.read(c -> JobStore.jobOfTask(c, taskId)).orElseThrow();
    }

    private String state(String nodeId) {
        return nodes.get(nodeId, now, LOST_AFTER).orElseThrow().state();
    }

    private static AttemptReport.Finished success(String attemptId) {
        byte[] bytes = "ok".getBytes(StandardCharsets.UTF_8);
        return new AttemptReport.Finished(attemptId, TaskState.SUCCEEDED, null, bytes, null, Hashes.sha256Hex(bytes), bytes.length,
                "{\"wallMillis\":1,\"memoryBytes\":65536,\"fuel\":0,\"outputBytes\":2}");
    }
}
