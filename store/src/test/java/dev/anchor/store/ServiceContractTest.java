package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.api.AnchorException;
import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.api.ServiceSpec;
import dev.anchor.api.ServiceStatus;
import dev.anchor.api.TaskState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long-running services in the store (docs/services.md): restarts with backoff timed by the injected
 * clock, the restart policies, maxRestarts, lost leases and cancellation. Run against every dialect by
 * a subclass that supplies the database.
 */
abstract class ServiceContractTest {
    private static final long LEASE = 10_000;
    private static final Set<String> WASM = Set.of("wasm");

    private Database database;
    private JobStore jobs;
    private LeaseStore leases;
    private NodeStore nodes;
    private Principal alice;
    private long now = 1_700_000_000_000L;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path blobDirectory;

    protected abstract Database openDatabase();

    @BeforeEach
    void setUp() {
        database = openDatabase();
        jobs = new JobStore(database);
        leases = new LeaseStore(database, new WorkflowStore(database, new FileBlobStore(blobDirectory)));
        UserStore users = new UserStore(database);
        nodes = new NodeStore(database);
        alice = users.authenticate(users.create("alice", "user", now).apiKey()).orElseThrow();
        for (String node : List.of("node-a", "node-b")) register(node);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private void register(String node) {
        nodes.register(new NodeStore.Registration(node, "key-" + node, node, List.of("wasm"), 2, 1024, 2), Hashes.sha256Hex("token-" + node),
                now, leases);
    }

    private String submit(ServiceSpec service) {
        String jobId = Ids.next("job_", now);
        jobs.submit(new NewJob(jobId, alice.userId(), "svc", null, "{}", Ids.next("tsk_", now), "wasm", "{\"runtime\":\"wasm\"}", 2,
                null, ServicePolicy.parse(service).toJson()), now);
        return jobId;
    }

    private static ServiceSpec service(String restart, Integer maxRestarts) {
        return new ServiceSpec(restart, new ServiceSpec.Backoff(1_000L, 8_000L, 2.0), maxRestarts);
    }

    private String leaseOne(String node) {
        List<LeasedTask> leased = leases.lease(node, WASM, 1, LEASE, now);
        assertThat(leased).as("a leasable task at %d", now).hasSize(1);
        return leased.get(0).attemptId();
    }

    private void end(String node, String attemptId, TaskState outcome, String reason) {
        byte[] bytes = "out".getBytes(StandardCharsets.UTF_8);
        var report = new AttemptReport.Finished(attemptId, outcome, reason, bytes, null, Hashes.sha256Hex(bytes), bytes.length,
                "{\"wallMillis\":1,\"memoryBytes\":1,\"fuel\":0,\"outputBytes\":3}");
        var outcomeOfReport = leases.report(node, List.of(new AttemptReport.Started(attemptId), report), now);
        assertThat(outcomeOfReport.results()).allMatch(LeaseStore.ReportResult::accepted);
    }

    private JobView job(String jobId) {
        return jobs.get(jobId, alice).orElseThrow();
    }

    @Test
    void a_service_is_a_job_of_kind_service_that_runs_without_end() {
        String jobId = submit(ServiceSpec.always());
        JobView job = job(jobId);
        assertThat(job.kind()).isEqualTo("service");
        assertThat(job.task().service()).isEqualTo(new ServiceStatus(0, 0, null, null));
        leaseOne("node-a");
        assertThat(job(jobId).state()).isEqualTo(JobState.RUNNING);
        assertThat(jobs.list(alice, null, 10, null).items()).singleElement().satisfies(listed -> assertThat(listed.task()).isNotNull());
    }

    @Test
    void a_run_that_ends_is_restarted_after_a_backoff_that_grows_in_a_row() {
        String jobId = submit(service("always", null));
        long[] delays = new long[4];
        for (int run = 0; run < 4; run++) {
            String attempt = leaseOne(run % 2 == 0 ? "node-a" : "node-b");
            end(run % 2 == 0 ? "node-a" : "node-b", attempt, run == 0 ? TaskState.SUCCEEDED : TaskState.FAILED, "exit status 1");
            JobView job = job(jobId);
            assertThat(job.state()).isEqualTo(JobState.RUNNING);
            assertThat(job.task().state()).isEqualTo(TaskState.READY);
            delays[run] = job.task().service().nextStartAt() - now;
            assertThat(leases.lease("node-a", WASM, 1, LEASE, now + delays[run] - 1)).as("not before its backoff").isEmpty();
            now += delays[run];
        }
        assertThat(delays).containsExactly(1_000, 2_000, 4_000, 8_000);
        ServiceStatus status = job(jobId).task().service();
        assertThat(status.restarts()).isEqualTo(4);
        assertThat(status.restartsInARow()).isEqualTo(4);
        assertThat(status.lastExit()).isEqualTo("FAILED: exit status 1");
        assertThat(job(jobId).task().output().text()).isEqualTo("out");
        leaseOne("node-a");
        assertThat(job(jobId).task().service().nextStartAt()).isNull();
        assertThat(job(jobId).task().attempts()).as("attempts count leases of the current run").isEqualTo(1);
    }

    @Test
    void the_backoff_is_capped_at_max_ms() {
        String jobId = submit(service("always", null));
        for (int run = 0; run < 6; run++) {
            end("node-a", leaseOne("node-a"), TaskState.FAILED, "boom");
            now = job(jobId).task().service().nextStartAt();
        }
        end("node-a", leaseOne("node-a"), TaskState.FAILED, "boom");
        assertThat(job(jobId).task().service().nextStartAt() - now).isEqualTo(8_000);
    }

    @Test
    void a_run_longer_than_max_ms_starts_a_new_row() {
        String jobId = submit(service("always", 2));
        for (int run = 0; run < 2; run++) {
            end("node-a", leaseOne("node-a"), TaskState.FAILED, "boom");
            now = job(jobId).task().service().nextStartAt();
        }
        assertThat(job(jobId).task().service().restartsInARow()).isEqualTo(2);
        String healthy = leaseOne("node-a");
        leases.report("node-a", List.of(new AttemptReport.Started(healthy)), now);
        now += 8_001;
        end("node-a", healthy, TaskState.FAILED, "crashed after a good while");
        ServiceStatus status = job(jobId).task().service();
        assertThat(status.restartsInARow()).isEqualTo(1);
        assertThat(status.restarts()).isEqualTo(3);
        assertThat(status.nextStartAt() - now).as("the first delay again").isEqualTo(1_000);
        assertThat(job(jobId).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void on_failure_restarts_after_a_failure_or_timeout_and_ends_when_a_run_succeeds() {
        String jobId = submit(service("on-failure", null));
        end("node-a", leaseOne("node-a"), TaskState.FAILED, "exit status 3");
        now += 1_000;
        end("node-a", leaseOne("node-a"), TaskState.TIMED_OUT, "wall-clock limit of 5000 ms exceeded");
        assertThat(job(jobId).task().service().lastExit()).startsWith("TIMED_OUT: wall-clock");
        now += 2_000;
        end("node-b", leaseOne("node-b"), TaskState.SUCCEEDED, null);
        JobView job = job(jobId);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.task().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(job.task().service().restarts()).isEqualTo(2);
        assertThat(leases.lease("node-a", WASM, 1, LEASE, now + 60_000)).isEmpty();
    }

    @Test
    void always_restarts_after_a_run_that_succeeds() {
        String jobId = submit(service("always", null));
        end("node-a", leaseOne("node-a"), TaskState.SUCCEEDED, null);
        assertThat(job(jobId).state()).isEqualTo(JobState.RUNNING);
        assertThat(job(jobId).task().service().lastExit()).isEqualTo("SUCCEEDED");
    }

    @Test
    void more_restarts_in_a_row_than_max_restarts_fail_the_job() {
        String jobId = submit(service("always", 2));
        for (int run = 1; run <= 3; run++) {
            end("node-a", leaseOne("node-a"), TaskState.FAILED, "exit status 1");
            if (run < 3) now = job(jobId).task().service().nextStartAt();
        }
        JobView job = job(jobId);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.task().state()).isEqualTo(TaskState.FAILED);
        assertThat(job.task().reason()).contains("run 3 ended (FAILED: exit status 1)").contains("maxRestarts is 2");
        assertThat(job.task().service().restarts()).isEqualTo(2);
        assertThat(leases.lease("node-a", WASM, 1, LEASE, now + 60_000)).isEmpty();
        assertThat(jobs.events(jobId, 0, 100)).last().satisfies(event -> assertThat(event.state()).isEqualTo("FAILED"));
    }

    @Test
    void max_restarts_zero_ends_the_job_with_its_first_run() {
        String jobId = submit(service("always", 0));
        end("node-a", leaseOne("node-a"), TaskState.SUCCEEDED, null);
        assertThat(job(jobId).state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void a_lost_lease_restarts_the_service_at_once_however_often_it_happens() {
        String jobId = submit(service("always", null));
        // More lost runs than the task's maxAttempts (2): a service is never given up for lost leases alone.
        for (int lost = 1; lost <= 4; lost++) {
            String node = lost % 2 == 0 ? "node-b" : "node-a";
            String attempt = leaseOne(node);
            now += LEASE + 1;
            assertThat(leases.expire(now)).containsExactly(jobId);
            JobView job = job(jobId);
            assertThat(job.state()).isEqualTo(JobState.RUNNING);
            assertThat(job.task().state()).isEqualTo(TaskState.READY);
            assertThat(job.task().service().restarts()).isEqualTo(lost);
            assertThat(job.task().service().nextStartAt()).as("no backoff after a lost run").isEqualTo(now);
            assertThat(job.task().service().lastExit()).startsWith("lost: lease expired");
            var late = leases.report(node, List.of(new AttemptReport.Started(attempt)), now);
            assertThat(late.results().get(0).accepted()).isFalse();
        }
    }

    @Test
    void a_node_that_registers_again_gets_its_service_back() {
        String jobId = submit(service("always", null));
        String before = leaseOne("node-a");
        register("node-a");
        JobView job = job(jobId);
        assertThat(job.task().state()).isEqualTo(TaskState.READY);
        assertThat(job.task().service().lastExit()).startsWith("lost: ");
        String after = leaseOne("node-a");
        assertThat(after).isNotEqualTo(before);
        assertThat(job(jobId).task().service().restarts()).isEqualTo(1);
    }

    @Test
    void cancelling_a_running_service_stops_its_run() {
        String jobId = submit(service("always", null));
        String attempt = leaseOne("node-a");
        JobView cancelled = jobs.cancel(jobId, alice, now);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(leases.extend("node-a", List.of(attempt), LEASE, now).stop()).containsExactly(attempt);
        var late = leases.report("node-a", List.of(new AttemptReport.Finished(attempt, TaskState.FAILED, "killed", new byte[0], null,
                Hashes.sha256Hex(new byte[0]), 0, "{\"wallMillis\":1,\"memoryBytes\":1,\"fuel\":0,\"outputBytes\":0}")), now);
        assertThat(late.results().get(0).accepted()).isFalse();
        assertThat(job(jobId).state()).isEqualTo(JobState.CANCELLED);
        assertThat(leases.lease("node-a", WASM, 1, LEASE, now + 60_000)).isEmpty();
    }

    @Test
    void cancelling_a_service_that_waits_for_its_restart_stops_it() {
        String jobId = submit(service("always", null));
        end("node-a", leaseOne("node-a"), TaskState.FAILED, "boom");
        jobs.cancel(jobId, alice, now);
        assertThat(job(jobId).task().state()).isEqualTo(TaskState.CANCELLED);
        assertThat(leases.lease("node-a", WASM, 1, LEASE, now + 60_000)).isEmpty();
        assertThatThrownBy(() -> jobs.cancel(jobId, alice, now)).isInstanceOf(AnchorException.class);
    }
}
