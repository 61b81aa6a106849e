package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.JobState;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.TaskState;
import dev.anchor.api.VerificationSpec;
import dev.anchor.receipt.PayloadHash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replicas, quorum, reputation, credits and the store's receipt checks, run against every dialect. */
abstract class VerificationContractTest {
    private static final long LEASE = 10_000;
    private static final String SPEC = "{\"runtime\":\"wasm\"}";

    private Database database;
    private JobStore jobs;
    private UserStore users;
    private NodeStore nodes;
    private TrustStore trust;
    private Ledger ledger;
    private Principal alice;
    private long now = 1_700_000_000_000L;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path blobDirectory;

    protected abstract Database openDatabase();

    @BeforeEach
    void setUp() {
        database = openDatabase();
        jobs = new JobStore(database);
        users = new UserStore(database);
        nodes = new NodeStore(database);
        ledger = new Ledger(database);
        alice = users.authenticate(users.create("alice", "user", now).apiKey()).orElseThrow();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private LeaseStore leases(TrustPolicy policy) {
        LeaseStore leases = new LeaseStore(database, new WorkflowStore(database, new FileBlobStore(blobDirectory)), policy,
                new FileBlobStore(blobDirectory));
        trust = new TrustStore(database, policy);
        return leases;
    }

    /** Registers nodes; each entry maps a node id to its owner's user id (null: no owner). */
    private void register(LeaseStore leases, Map<String, String> owners) {
        for (var node : owners.entrySet()) {
            nodes.register(new NodeStore.Registration(node.getKey(), "key-" + node.getKey(), node.getKey(), List.of("wasm"), 2, 1024, 4),
                    Hashes.sha256Hex("token-" + node.getKey()), now, leases);
            trust.setOwner(node.getKey(), node.getValue());
        }
    }

    private String ownerUser(String name) {
        return users.create(name, "user", now).id();
    }

    private String submit(VerificationSpec spec) {
        String jobId = Ids.next("job_", now);
        VerificationPolicy policy = VerificationPolicy.parse(spec);
        jobs.submit(new NewJob(jobId, alice.userId(), "test", null, "{}", Ids.next("tsk_", now), "wasm", SPEC, 2,
                policy == null ? null : policy.toJson()), now);
        return jobId;
    }

    private static AttemptReport.Finished result(String attemptId, String output, long claim) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        return new AttemptReport.Finished(attemptId, TaskState.SUCCEEDED, null, bytes, null, Hashes.sha256Hex(bytes), bytes.length,
                "{\"wallMillis\":" + claim + ",\"memoryBytes\":0,\"fuel\":0,\"outputBytes\":" + bytes.length + "}", false, null, null, claim);
    }

    private LeasedTask leaseOne(LeaseStore leases, String node) {
        List<LeasedTask> leased = leases.lease(node, Set.of("wasm"), 1, LEASE, now);
        assertThat(leased).as("a task for " + node).hasSize(1);
        return leased.getFirst();
    }

    private void report(LeaseStore leases, String node, LeasedTask task, String output, long claim) {
        var outcome = leases.report(node, List.of(result(task.attemptId(), output, claim)), now);
        assertThat(outcome.results().getFirst().accepted()).as(outcome.results().getFirst().reason()).isTrue();
    }

    @Test
    void a_quorum_of_two_accepts_the_agreed_output_and_flags_the_node_that_disagreed() {
        LeaseStore leases = leases(TrustPolicy.DEFAULT);
        register(leases, Map.of("n1", ownerUser("o1"), "n2", ownerUser("o2"), "n3", ownerUser("o3")));
        String jobId = submit(new VerificationSpec("fixed", 3, 2, null, null, null));

        LeasedTask primary = leaseOne(leases, "n1");
        assertThat(leases.lease("n1", Set.of("wasm"), 4, LEASE, now)).as("no second run of a group on one node").isEmpty();
        LeasedTask second = leaseOne(leases, "n2");
        LeasedTask third = leaseOne(leases, "n3");
        assertThat(Set.of(primary.taskId(), second.taskId(), third.taskId())).hasSize(3);

        report(leases, "n3", third, "wrong", 7);
        assertThat(jobs.get(jobId, alice).orElseThrow().state()).isNotEqualTo(JobState.SUCCEEDED);
        report(leases, "n1", primary, "right", 5);
        assertThat(jobs.get(jobId, alice).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        report(leases, "n2", second, "right", 9);

        var job = jobs.get(jobId, alice).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.task().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(job.task().output().text()).isEqualTo("right");
        var reputations = trust.reputations();
        assertThat(reputations.get("n1").agreements()).isEqualTo(1);
        assertThat(reputations.get("n2").agreements()).isEqualTo(1);
        assertThat(reputations.get("n3").disagreements()).isEqualTo(1);
        assertThat(reputations.get("n3").excluded()).isTrue();
        assertThat(reputations.get("n1").excluded()).isFalse();
        assertThat(leases.lease("n3", Set.of("wasm"), 4, LEASE, now)).isEmpty();
        // Both agreeing nodes are paid the smaller claim (5); the user pays for both; nothing for the liar.
        Map<String, Long> balances = ledger.balances();
        assertThat(balances.get("node:n1")).isEqualTo(5);
        assertThat(balances.get("node:n2")).isEqualTo(5);
        assertThat(balances).doesNotContainKey("node:n3");
        assertThat(balances.get("user:" + alice.userId())).isEqualTo(-10);
        assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void replicas_never_go_to_two_nodes_of_one_owner() {
        LeaseStore leases = leases(TrustPolicy.DEFAULT);
        String mallory = ownerUser("mallory");
        register(leases, Map.of("m1", mallory, "m2", mallory, "h1", ownerUser("honest")));
        String jobId = submit(new VerificationSpec("fixed", 2, 2, 2, null, null));

        LeasedTask primary = leaseOne(leases, "m1");
        assertThat(leases.lease("m2", Set.of("wasm"), 4, LEASE, now)).as("same owner as m1").isEmpty();
        LeasedTask replica = leaseOne(leases, "h1");
        report(leases, "m1", primary, "same", 1);
        report(leases, "h1", replica, "same", 1);
        assertThat(jobs.get(jobId, alice).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void without_a_quorum_more_runs_follow_up_to_the_bound_then_the_task_is_unverified() {
        LeaseStore leases = leases(TrustPolicy.DEFAULT);
        register(leases, Map.of("n1", ownerUser("o1"), "n2", ownerUser("o2"), "n3", ownerUser("o3")));
        String jobId = submit(new VerificationSpec("fixed", 2, 2, 3, null, null));

        report(leases, "n1", leaseOne(leases, "n1"), "a", 1);
        report(leases, "n2", leaseOne(leases, "n2"), "b", 1);
        assertThat(jobs.get(jobId, alice).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        report(leases, "n3", leaseOne(leases, "n3"), "c", 1);

        var job = jobs.get(jobId, alice).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.task().state()).isEqualTo(TaskState.UNVERIFIED);
        assertThat(job.task().reason()).startsWith("unverified: no 2 of 3 run(s)");
        assertThat(ledger.balances()).isEmpty();
        assertThat(trust.reputations().get("n1").disagreements()).isZero();
    }

    @Test
    void adaptive_replication_runs_a_trusted_nodes_task_once_and_replicates_an_untrusted_ones() {
        LeaseStore leases = leases(new TrustPolicy(1, 0.0, 20));
        register(leases, Map.of("n1", ownerUser("o1"), "n2", ownerUser("o2")));
        VerificationSpec adaptive = new VerificationSpec("adaptive", 2, 2, null, null, null);

        String first = submit(adaptive);
        report(leases, "n1", leaseOne(leases, "n1"), "x", 1);
        report(leases, "n2", leaseOne(leases, "n2"), "x", 1);
        assertThat(jobs.get(first, alice).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(trust.reputations().get("n1").trusted()).isTrue();

        String second = submit(adaptive);
        report(leases, "n1", leaseOne(leases, "n1"), "y", 1);
        assertThat(jobs.get(second, alice).orElseThrow().state()).as("a trusted node's single run is accepted").isEqualTo(JobState.SUCCEEDED);
        assertThat(leases.lease("n2", Set.of("wasm"), 4, LEASE, now)).as("no replica was made").isEmpty();

        LeaseStore spotChecking = leases(new TrustPolicy(1, 1.0, 20));
        String third = submit(adaptive);
        report(spotChecking, "n1", leaseOne(spotChecking, "n1"), "z", 1);
        assertThat(jobs.get(third, alice).orElseThrow().state()).as("spot-checked: waits for a replica").isEqualTo(JobState.RUNNING);
        report(spotChecking, "n2", leaseOne(spotChecking, "n2"), "z", 1);
        assertThat(jobs.get(third, alice).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void the_json_comparator_accepts_numbers_within_the_tolerance() {
        LeaseStore leases = leases(TrustPolicy.DEFAULT);
        register(leases, Map.of("n1", ownerUser("o1"), "n2", ownerUser("o2")));
        String jobId = submit(new VerificationSpec("fixed", 2, 2, 2, "json", 0.01));
        report(leases, "n1", leaseOne(leases, "n1"), "{\"pi\": 3.141, \"n\": [1, 2]}", 1);
        report(leases, "n2", leaseOne(leases, "n2"), "{\"n\":[1,2],\"pi\":3.145}", 1);
        assertThat(jobs.get(jobId, alice).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void unverified_tasks_pay_their_node_and_the_ledger_sums_to_zero() {
        LeaseStore leases = leases(TrustPolicy.DEFAULT);
        register(leases, Map.of("n1", ownerUser("o1")));
        String jobId = submit(null);
        report(leases, "n1", leaseOne(leases, "n1"), "ok", 42);
        assertThat(jobs.get(jobId, alice).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(ledger.balance("node:n1")).isEqualTo(42);
        assertThat(ledger.balance("user:" + alice.userId())).isEqualTo(-42);
    }

    @Test
    void a_trusted_node_gets_ringers_with_known_answers_and_a_wrong_answer_counts_against_it() {
        LeaseStore leases = leases(new TrustPolicy(1, 0.0, 20, 1.0));
        register(leases, Map.of("n1", ownerUser("o1"), "n2", ownerUser("o2")));
        VerificationSpec adaptive = new VerificationSpec("adaptive", 2, 2, null, null, null);
        submit(adaptive);
        report(leases, "n1", leaseOne(leases, "n1"), "verified", 1);
        report(leases, "n2", leaseOne(leases, "n2"), "verified", 1);

        String single = submit(adaptive);
        report(leases, "n1", leaseOne(leases, "n1"), "alone", 1);
        assertThat(jobs.get(single, alice).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

        LeasedTask ringer = leaseOne(leases, "n1");
        assertThat(ringer.jobId()).as("a ringer was queued").isNotEqualTo(single);
        report(leases, "n1", ringer, "a lie", 1);
        var n1 = trust.reputations().get("n1");
        assertThat(n1.disagreements()).isEqualTo(1);
        assertThat(n1.excluded()).isTrue();
        assertThat(ledger.balances()).doesNotContainKey("user:" + Ringers.SYSTEM_USER);

        // n2 is trusted too now; its ringer, answered right, counts for it.
        String another = submit(adaptive);
        report(leases, "n2", leaseOne(leases, "n2"), "fine", 1);
        assertThat(jobs.get(another, alice).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        report(leases, "n2", leaseOne(leases, "n2"), "verified", 1);
        assertThat(trust.reputations().get("n2").agreements()).isEqualTo(2);
    }

    private Receipt receipt(LeasedTask task, String node, String output, String nonce, long timestamp, String moduleHash) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        return new Receipt(1, task.taskId(), task.attemptId(), node, "key", moduleHash, Hashes.sha256Hex(new byte[0]), "SUCCEEDED",
                Hashes.sha256Hex(bytes), bytes.length, 65536, "root", "exec", 0, 1, nonce, timestamp, "sig");
    }

    private AttemptReport.Finished withReceipt(AttemptReport.Finished f, Receipt receipt) {
        return new AttemptReport.Finished(f.attemptId(), f.outcome(), f.reason(), f.inlineOutput(), f.outputBlob(), f.outputHash(),
                f.outputSize(), f.usageJson(), false, receipt, null, 1);
    }

    @Test
    void receipts_with_a_replayed_nonce_a_stale_timestamp_or_another_payload_are_rejected_and_the_task_runs_again() throws Exception {
        LeaseStore leases = leases(TrustPolicy.DEFAULT);
        register(leases, Map.of("n1", ownerUser("o1")));
        String module = PayloadHash.moduleHash(dev.anchor.api.Json.mapper().readValue(SPEC, TaskSpec.class));
        List<String> reasons = new java.util.ArrayList<>();
        record Case(String nonce, long timestamp, String moduleHash) {}
        for (Case bad : List.of(new Case("n-stale", now - 10 * 60_000, module), new Case("n-module", now, "0".repeat(64)))) {
            String jobId = submit(null);
            LeasedTask task = leaseOne(leases, "n1");
            var outcome = leases.report("n1", List.of(withReceipt(result(task.attemptId(), "ok", 1),
                    receipt(task, "n1", "ok", bad.nonce(), bad.timestamp(), bad.moduleHash()))), now);
            assertThat(outcome.results().getFirst().accepted()).isFalse();
            reasons.add(outcome.results().getFirst().reason());
            assertThat(jobs.get(jobId, alice).orElseThrow().task().state()).as("runs again").isEqualTo(TaskState.READY);
            // The honest retry is accepted.
            LeasedTask retry = leaseOne(leases, "n1");
            assertThat(leases.report("n1", List.of(withReceipt(result(retry.attemptId(), "ok", 1),
                    receipt(retry, "n1", "ok", "fresh-" + bad.nonce(), now, module))), now).results().getFirst().accepted()).isTrue();
        }
        String jobId = submit(null);
        LeasedTask task = leaseOne(leases, "n1");
        var replay = leases.report("n1", List.of(withReceipt(result(task.attemptId(), "ok", 1),
                receipt(task, "n1", "ok", "fresh-n-stale", now, module))), now);
        reasons.add(replay.results().getFirst().reason());
        assertThat(replay.results().getFirst().accepted()).isFalse();
        assertThat(reasons).satisfiesExactly(
                r -> assertThat(r).startsWith("receipt rejected: timestamp is 600000 ms before"),
                r -> assertThat(r).isEqualTo("receipt rejected: moduleHash does not match the task's payload"),
                r -> assertThat(r).isEqualTo("receipt rejected: replayed receipt (nonce already used)"));
        assertThat(trust.reputations().get("n1").receiptsRejected()).isEqualTo(3);
        assertThat(jobs.events(jobId, 0, 100)).anySatisfy(e -> assertThat(e.message()).contains("replayed receipt"));
    }
}
