package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.JobPage;
import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.api.TaskState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's contract, run against every dialect by a subclass that supplies the database. */
abstract class StoreContractTest {
    private static final long LEASE = 10_000;

    private Database database;
    private JobStore jobs;
    private LeaseStore leases;
    private UserStore users;
    private NodeStore nodes;
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
        users = new UserStore(database);
        nodes = new NodeStore(database);
        alice = users.authenticate(users.create("alice", "user", now).apiKey()).orElseThrow();
        bob = users.authenticate(users.create("bob", "user", now).apiKey()).orElseThrow();
        for (String node : List.of("node-a", "node-b")) {
            nodes.register(new NodeStore.Registration(node, "key-" + node, node, List.of("wasm"), 2, 1024, 2), Hashes.sha256Hex("token-" + node), now, leases);
        }
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private String submit(Principal owner) {
        String jobId = Ids.next("job_", now);
        jobs.submit(new NewJob(jobId, owner.userId(), "test", null, "{}", Ids.next("tsk_", now), "wasm", "{\"runtime\":\"wasm\"}", 2), now);
        return jobId;
    }

    private AttemptReport.Finished success(String attemptId, String output) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        return new AttemptReport.Finished(attemptId, TaskState.SUCCEEDED, null, bytes, null, Hashes.sha256Hex(bytes), bytes.length,
                "{\"wallMillis\":1,\"memoryBytes\":65536,\"fuel\":0,\"outputBytes\":" + bytes.length + "}");
    }

    @Test
    void submitted_job_is_ready_and_visible_only_to_its_owner() {
        String jobId = submit(alice);
        JobView job = jobs.get(jobId, alice).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.task().state()).isEqualTo(TaskState.READY);
        assertThat(jobs.get(jobId, bob)).isEmpty();
        assertThat(jobs.events(jobId, 0, 100)).extracting("state").containsExactly("PENDING", "READY");
    }

    @Test
    void a_task_is_leased_once_and_its_result_recorded() {
        String jobId = submit(alice);
        List<LeasedTask> first = leases.lease("node-a", Set.of("wasm"), 4, LEASE, now);
        assertThat(first).hasSize(1);
        assertThat(leases.lease("node-b", Set.of("wasm"), 4, LEASE, now)).isEmpty();
        String attempt = first.get(0).attemptId();
        var outcome = leases.report("node-a", List.of(new AttemptReport.Started(attempt),
                new AttemptReport.Logs(attempt, List.of(new AttemptReport.Line("stderr", "hello", now))), success(attempt, "42\n")), now);
        assertThat(outcome.results()).allMatch(LeaseStore.ReportResult::accepted);
        assertThat(outcome.changedJobs()).containsExactly(jobId);
        JobView job = jobs.get(jobId, alice).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.task().output().text()).isEqualTo("42\n");
        assertThat(job.task().usage().memoryBytes()).isEqualTo(65536);
        assertThat(jobs.logs(jobId, 0, 10)).extracting("text").containsExactly("hello");
        assertThat(jobs.events(jobId, 0, 100)).extracting("state")
                .containsExactly("PENDING", "READY", "LEASED", "RUNNING", "RUNNING", "SUCCEEDED", "SUCCEEDED");
    }

    @Test
    void a_group_of_report_calls_applies_each_report_once_even_when_one_attempt_comes_twice() {
        String first = submit(alice);
        String second = submit(alice);
        String a = leases.lease("node-a", Set.of("wasm"), 1, LEASE, now).getFirst().attemptId();
        String b = leases.lease("node-b", Set.of("wasm"), 1, LEASE, now).getFirst().attemptId();

        List<LeaseStore.ReportOutcome> outcomes = leases.reportAll(List.of(
                new LeaseStore.NodeReports("node-a", List.of(new AttemptReport.Started(a), success(a, "one"))),
                new LeaseStore.NodeReports("node-b", List.of(success(b, "two"))),
                new LeaseStore.NodeReports("node-a", List.of(success(a, "one")))), now);

        assertThat(outcomes.get(0).results()).extracting(LeaseStore.ReportResult::accepted).containsExactly(true, true);
        assertThat(outcomes.get(1).results()).extracting(LeaseStore.ReportResult::accepted).containsExactly(true);
        assertThat(outcomes.get(2).results().getFirst().reason()).isEqualTo("already recorded");
        assertThat(jobs.get(first, alice).orElseThrow().task().output().text()).isEqualTo("one");
        assertThat(jobs.get(second, alice).orElseThrow().task().output().text()).isEqualTo("two");
        for (String jobId : List.of(first, second)) {
            assertThat(jobs.get(jobId, alice).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(jobs.events(jobId, 0, 100)).extracting("state")
                    .containsExactly("PENDING", "READY", "LEASED", "RUNNING", "RUNNING", "SUCCEEDED", "SUCCEEDED");
        }
        Ledger ledger = new Ledger(database);
        assertThat(ledger.balance("node:node-a")).isEqualTo(1);
        assertThat(ledger.balance("node:node-b")).isEqualTo(1);
        assertThat(ledger.balance("user:" + alice.userId())).isEqualTo(-2);
    }

    @Test
    void a_group_keeps_each_attempts_reports_in_order_when_its_started_and_finished_come_in_separate_calls() {
        String finished = submit(alice);
        String running = submit(alice);
        List<LeasedTask> leased = leases.lease("node-a", Set.of("wasm"), 2, LEASE, now);
        String a = leased.stream().filter(t -> t.jobId().equals(finished)).findFirst().orElseThrow().attemptId();
        String b = leased.stream().filter(t -> t.jobId().equals(running)).findFirst().orElseThrow().attemptId();

        List<LeaseStore.ReportOutcome> outcomes = leases.reportAll(List.of(
                new LeaseStore.NodeReports("node-a", List.of(new AttemptReport.Started(a), new AttemptReport.Started(b))),
                new LeaseStore.NodeReports("node-a", List.of(success(a, "done")))), now);

        assertThat(outcomes).flatExtracting(LeaseStore.ReportOutcome::results).extracting(LeaseStore.ReportResult::accepted)
                .containsExactly(true, true, true);
        JobView done = jobs.get(finished, alice).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.task().output().text()).isEqualTo("done");
        assertThat(jobs.events(finished, 0, 100)).extracting("state")
                .containsExactly("PENDING", "READY", "LEASED", "RUNNING", "RUNNING", "SUCCEEDED", "SUCCEEDED");
        JobView still = jobs.get(running, alice).orElseThrow();
        assertThat(still.state()).isEqualTo(JobState.RUNNING);
        assertThat(still.task().state()).isEqualTo(TaskState.RUNNING);
        assertThat(jobs.events(running, 0, 100)).extracting("state").containsExactly("PENDING", "READY", "LEASED", "RUNNING", "RUNNING");
        // A late STARTED of the finished attempt changes nothing.
        assertThat(leases.report("node-a", List.of(new AttemptReport.Started(a)), now).results().getFirst().accepted()).isFalse();
        assertThat(jobs.get(finished, alice).orElseThrow().task().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(new Ledger(database).balance("node:node-a")).isEqualTo(1);
    }

    @Test
    void a_heartbeat_extends_the_leases_its_node_holds_and_a_lease_it_never_heard_of_runs_out() {
        String kept = submit(alice);
        String lost = submit(alice);
        List<LeasedTask> leased = leases.lease("node-a", Set.of("wasm"), 2, LEASE, now);
        String held = leased.stream().filter(t -> t.jobId().equals(kept)).findFirst().orElseThrow().attemptId();

        // Young leases are extended even unlisted: their answer may still be on its way to the node.
        leases.extend("node-a", List.of(), LEASE, now + LEASE / 2);
        assertThat(leases.expire(now + LEASE + 1)).isEmpty();
        // Older than a lease period, only what the node says it holds is extended.
        now += LEASE + 1;
        leases.extend("node-a", List.of(held), LEASE, now);
        now += LEASE / 2 + 1;
        assertThat(leases.expire(now)).containsExactly(lost);
        assertThat(jobs.get(kept, alice).orElseThrow().task().state()).isEqualTo(TaskState.LEASED);
        assertThat(jobs.get(lost, alice).orElseThrow().task().state()).isEqualTo(TaskState.READY);
    }

    @Test
    void a_runtime_the_node_lacks_is_never_leased_to_it() {
        submit(alice);
        assertThat(leases.lease("node-a", Set.of("js"), 4, LEASE, now)).isEmpty();
    }

    @Test
    void expired_lease_returns_task_to_ready_and_refuses_the_late_result() {
        String jobId = submit(alice);
        String attempt = leases.lease("node-a", Set.of("wasm"), 1, LEASE, now).get(0).attemptId();
        now += LEASE + 1;
        assertThat(leases.expire(now)).containsExactly(jobId);
        assertThat(jobs.get(jobId, alice).orElseThrow().task().state()).isEqualTo(TaskState.READY);
        var late = leases.report("node-a", List.of(success(attempt, "late")), now);
        assertThat(late.results().get(0).accepted()).isFalse();
        assertThat(late.results().get(0).reason()).contains("EXPIRED");
        String second = leases.lease("node-b", Set.of("wasm"), 1, LEASE, now).get(0).attemptId();
        assertThat(leases.report("node-b", List.of(success(second, "ok")), now).results().get(0).accepted()).isTrue();
        JobView job = jobs.get(jobId, alice).orElseThrow();
        assertThat(job.task().output().text()).isEqualTo("ok");
        assertThat(job.task().attempts()).isEqualTo(2);
    }

    @Test
    void a_task_fails_when_its_attempts_are_used_up() {
        String jobId = submit(alice);
        for (int i = 0; i < 2; i++) {
            leases.lease("node-a", Set.of("wasm"), 1, LEASE, now);
            now += LEASE + 1;
            leases.expire(now);
        }
        JobView job = jobs.get(jobId, alice).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.task().reason()).contains("lease expired").contains("2 of 2");
    }

    @Test
    void heartbeats_extend_leases_and_name_cancelled_attempts() {
        String jobId = submit(alice);
        String attempt = leases.lease("node-a", Set.of("wasm"), 1, LEASE, now).get(0).attemptId();
        now += LEASE - 1;
        assertThat(leases.extend("node-a", List.of(attempt), LEASE, now).stop()).isEmpty();
        now += LEASE - 1;
        assertThat(leases.expire(now)).isEmpty();
        jobs.cancel(jobId, alice, now);
        assertThat(leases.extend("node-a", List.of(attempt), LEASE, now).stop()).containsExactly(attempt);
        assertThat(leases.report("node-a", List.of(success(attempt, "x")), now).results().get(0).accepted()).isFalse();
        assertThat(jobs.get(jobId, alice).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void a_report_from_another_node_is_refused() {
        submit(alice);
        String attempt = leases.lease("node-a", Set.of("wasm"), 1, LEASE, now).get(0).attemptId();
        var result = leases.report("node-b", List.of(success(attempt, "x")), now).results().get(0);
        assertThat(result.accepted()).isFalse();
        assertThat(result.reason()).contains("another node");
    }

    @Test
    void a_repeated_finished_report_is_accepted_once() {
        String jobId = submit(alice);
        String attempt = leases.lease("node-a", Set.of("wasm"), 1, LEASE, now).get(0).attemptId();
        leases.report("node-a", List.of(success(attempt, "1")), now);
        var again = leases.report("node-a", List.of(success(attempt, "1")), now).results().get(0);
        assertThat(again.accepted()).isTrue();
        assertThat(jobs.events(jobId, 0, 100)).filteredOn(e -> "SUCCEEDED".equals(e.state()) && e.taskId() != null).hasSize(1);
    }

    @Test
    void re_registering_a_node_fences_its_old_attempts() {
        String jobId = submit(alice);
        String attempt = leases.lease("node-a", Set.of("wasm"), 1, LEASE, now).get(0).attemptId();
        nodes.register(new NodeStore.Registration("node-a", "key", "node-a", List.of("wasm"), 2, 1024, 2), Hashes.sha256Hex("token-2"), now, leases);
        assertThat(jobs.get(jobId, alice).orElseThrow().task().state()).isEqualTo(TaskState.READY);
        assertThat(leases.report("node-a", List.of(success(attempt, "x")), now).results().get(0).accepted()).isFalse();
        assertThat(nodes.authenticate("token-node-a")).isEmpty();
        assertThat(nodes.authenticate("token-2")).contains("node-a");
    }

    @Test
    void cancelling_a_finished_job_conflicts() {
        String jobId = submit(alice);
        String attempt = leases.lease("node-a", Set.of("wasm"), 1, LEASE, now).get(0).attemptId();
        leases.report("node-a", List.of(success(attempt, "1")), now);
        assertThatThrownBy(() -> jobs.cancel(jobId, alice, now))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> jobs.cancel(jobId, bob, now))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void listing_pages_through_the_owners_jobs_newest_first_and_filters_by_state() {
        for (int i = 0; i < 5; i++) {
            submit(alice);
            now++;
        }
        submit(bob);
        JobPage first = jobs.list(alice, null, 2, null);
        JobPage second = jobs.list(alice, null, 2, first.nextCursor());
        JobPage third = jobs.list(alice, null, 2, second.nextCursor());
        assertThat(first.items()).hasSize(2);
        assertThat(third.items()).hasSize(1);
        assertThat(third.nextCursor()).isNull();
        assertThat(first.items().get(0).id()).isGreaterThan(first.items().get(1).id());
        assertThat(jobs.list(alice, JobState.SUCCEEDED, 10, null).items()).isEmpty();
        assertThat(jobs.list(alice, JobState.PENDING, 10, null).items()).hasSize(5);
    }

    @Test
    void a_duplicate_user_name_conflicts_and_keys_authenticate_only_their_user() {
        assertThatThrownBy(() -> users.create("alice", "user", now))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(users.authenticate("ak_wrong")).isEmpty();
    }

    @Test
    void a_failed_transaction_leaves_no_partial_rows() {
        String jobId = Ids.next("job_", now);
        NewJob job = new NewJob(jobId, "usr_nobody", "x", null, "{}", Ids.next("tsk_", now), "wasm", "{}", 1);
        assertThatThrownBy(() -> jobs.submit(job, now)).isInstanceOf(RuntimeException.class);
        assertThat(count("SELECT COUNT(*) FROM jobs WHERE id = ?", jobId)).isZero();
        assertThat(count("SELECT COUNT(*) FROM tasks WHERE job_id = ?", jobId)).isZero();
    }

    private long count(String sql, String arg) {
        return database.read(c -> Jdbc.queryOne(c, sql, r -> r.getLong(1), arg).orElseThrow());
    }

    @Test
    void a_retryable_failure_returns_the_task_to_ready_until_its_attempts_are_used() {
        String jobId = submit(alice);
        byte[] none = new byte[0];
        for (int attempt = 1; attempt <= 2; attempt++) {
            String id = leases.lease("node-a", Set.of("wasm"), 1, LEASE, now).get(0).attemptId();
            leases.report("node-a", List.of(new AttemptReport.Finished(id, TaskState.FAILED, "sandbox crashed: signal 5", none, null,
                    Hashes.sha256Hex(none), 0, null, true)), now);
            JobView job = jobs.get(jobId, alice).orElseThrow();
            if (attempt == 1) {
                assertThat(job.task().state()).isEqualTo(TaskState.READY);
            } else {
                assertThat(job.state()).isEqualTo(JobState.FAILED);
                assertThat(job.task().reason()).startsWith("sandbox crashed");
            }
        }
    }
}
