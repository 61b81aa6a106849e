package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.JobState;
import dev.anchor.api.TaskState;
import dev.anchor.store.AttemptReport;
import dev.anchor.store.Database;
import dev.anchor.store.FileBlobStore;
import dev.anchor.store.Hashes;
import dev.anchor.store.Ids;
import dev.anchor.store.JobStore;
import dev.anchor.store.LeaseStore;
import dev.anchor.store.LeasedTask;
import dev.anchor.store.NewJob;
import dev.anchor.store.NodeStore;
import dev.anchor.store.Principal;
import dev.anchor.store.UserStore;
import dev.anchor.store.WorkflowStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report calls that arrive together share a transaction, and each still gets its own answer (real SQLite store). */
final class GroupCommitTest {
    @TempDir
    Path dir;

    private Database database;
    private JobStore jobs;
    private LeaseStore leases;
    private Principal owner;
    private GroupCommit<LeaseStore.NodeReports, LeaseStore.ReportOutcome> batcher;

    @BeforeEach
    void setUp() {
        database = Database.sqlite(dir.resolve("anchor.db"), false);
        jobs = new JobStore(database);
        leases = new LeaseStore(database, new WorkflowStore(database, new FileBlobStore(dir.resolve("blobs"))));
        UserStore users = new UserStore(database);
        owner = users.authenticate(users.create("alice", "user", System.currentTimeMillis()).apiKey()).orElseThrow();
        Clock clock = Clock.systemUTC();
        batcher = new GroupCommit<>("reports", 64, group -> leases.reportAll(group, clock.millis()),
                one -> leases.report(one.nodeId(), one.reports(), clock.millis()));
    }

    @AfterEach
    void tearDown() {
        batcher.close();
        database.close();
    }

    private static AttemptReport.Finished success(String attemptId, String output) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        return new AttemptReport.Finished(attemptId, TaskState.SUCCEEDED, null, bytes, null, Hashes.sha256Hex(bytes), bytes.length,
                "{\"wallMillis\":1,\"memoryBytes\":65536,\"fuel\":0,\"outputBytes\":" + bytes.length + "}");
    }

    @Test
    void concurrent_report_calls_are_each_answered_and_one_refusal_stays_its_own() throws Exception {
        NodeStore nodes = new NodeStore(database);
        List<LeasedTask> leased = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long now = System.currentTimeMillis();
            String node = "node-" + i;
            nodes.register(new NodeStore.Registration(node, "key-" + node, node, List.of("wasm"), 2, 1024, 1), Hashes.sha256Hex(node), now,
                    leases);
            jobs.submit(new NewJob(Ids.next("job_", now), owner.userId(), "t", null, "{}", Ids.next("tsk_", now), "wasm",
                    "{\"runtime\":\"wasm\"}", 2), now);
            leased.add(leases.lease(node, Set.of("wasm"), 1, 30_000, now).getFirst());
        }

        List<Future<LeaseStore.ReportOutcome>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                LeasedTask task = leased.get(i);
                String node = "node-" + i;
                outcomes.add(threads.submit(() -> batcher.apply(new LeaseStore.NodeReports(node, List.of(new AttemptReport.Started(task.attemptId()),
                        success(task.attemptId(), "out " + task.taskId()))))));
            }
            // A node reporting an attempt that is not its own, in the same crowd.
            outcomes.add(threads.submit(() -> batcher.apply(new LeaseStore.NodeReports("node-0", List.of(success(leased.get(1).attemptId(), "forged"))))));
        }

        for (int i = 0; i < 40; i++) {
            LeaseStore.ReportOutcome outcome = outcomes.get(i).get();
            assertThat(outcome.results()).extracting(LeaseStore.ReportResult::accepted).containsExactly(true, true);
            JobState state = jobs.get(leased.get(i).jobId(), owner).orElseThrow().state();
            assertThat(state).isEqualTo(JobState.SUCCEEDED);
            assertThat(jobs.get(leased.get(i).jobId(), owner).orElseThrow().task().output().text()).isEqualTo("out " + leased.get(i).taskId());
        }
        LeaseStore.ReportResult forged = outcomes.get(40).get().results().getFirst();
        assertThat(forged.accepted()).isFalse();
        assertThat(forged.reason()).contains("another node");
    }

    @Test
    void a_group_that_fails_as_a_whole_is_applied_one_by_one_so_only_the_bad_request_fails() throws Exception {
        Clock clock = Clock.systemUTC();
        try (GroupCommit<NewJob, Boolean> submissions = new GroupCommit<>("submissions", 64, group -> {
            jobs.submitAll(group, clock.millis());
            return java.util.Collections.nCopies(group.size(), true);
        }, one -> {
            jobs.submit(one, clock.millis());
            return true;
        })) {
            long now = clock.millis();
            NewJob taken = new NewJob(Ids.next("job_", now), owner.userId(), "t", null, "{}", Ids.next("tsk_", now), "wasm",
                    "{\"runtime\":\"wasm\"}", 1);
            jobs.submit(taken, now);
            List<NewJob> crowd = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                crowd.add(new NewJob(Ids.next("job_", now), owner.userId(), "t", null, "{}", Ids.next("tsk_", now), "wasm",
                        "{\"runtime\":\"wasm\"}", 1));
            }
            // The same job id again: the store refuses it, and whatever group it lands in.
            crowd.add(15, new NewJob(taken.jobId(), owner.userId(), "t", null, "{}", Ids.next("tsk_", now), "wasm", "{\"runtime\":\"wasm\"}", 1));
            List<Future<Boolean>> answers = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (NewJob job : crowd) answers.add(threads.submit(() -> submissions.apply(job)));
            }
            int failed = 0;
            for (int i = 0; i < crowd.size(); i++) {
                try {
                    assertThat(answers.get(i).get()).isTrue();
                    assertThat(jobs.get(crowd.get(i).jobId(), owner)).isPresent();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(i).as("only the duplicate fails").isEqualTo(15);
                    failed++;
                }
            }
            assertThat(failed).isEqualTo(1);
        }
    }

    @Test
    void a_late_finished_report_refuses_the_started_report_folded_into_it_too() throws Exception {
        long now = System.currentTimeMillis();
        new NodeStore(database).register(new NodeStore.Registration("n", "key", "n", List.of("wasm"), 2, 1024, 1), Hashes.sha256Hex("n"),
                now, leases);
        jobs.submit(new NewJob(Ids.next("job_", now), owner.userId(), "t", null, "{}", Ids.next("tsk_", now), "wasm",
                "{\"runtime\":\"wasm\"}", 1), now);
        LeasedTask task = leases.lease("n", Set.of("wasm"), 1, 1, now).getFirst();
        leases.expire(now + 10);

        LeaseStore.ReportOutcome outcome = batcher.apply(new LeaseStore.NodeReports("n", List.of(new AttemptReport.Started(task.attemptId()),
                success(task.attemptId(), "late"))));
        assertThat(outcome.results()).extracting(LeaseStore.ReportResult::accepted).containsExactly(false, false);
        assertThat(outcome.results().getFirst().reason()).contains("too late");
    }
}
