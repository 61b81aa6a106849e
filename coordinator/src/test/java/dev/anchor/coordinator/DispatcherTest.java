package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher against a real SQLite store: rounds serve many waiting polls, and no task goes to a poll that stopped waiting. */
final class DispatcherTest {
    private static final long LEASE_MS = 30_000;
    private static final Set<String> WASM = Set.of("wasm");

    @TempDir
    Path dir;

    private Database database;
    private JobStore jobs;
    private LeaseStore leases;
    private NodeStore nodes;
    private Principal owner;
    private final AtomicInteger storeChecks = new AtomicInteger();
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() {
        database = Database.sqlite(dir.resolve("anchor.db"), false);
        jobs = new JobStore(database);
        leases = new LeaseStore(database, new WorkflowStore(database, new FileBlobStore(dir.resolve("blobs"))));
        nodes = new NodeStore(database);
        UserStore users = new UserStore(database);
        owner = users.authenticate(users.create("alice", "user", now()).apiKey()).orElseThrow();
    }

    @AfterEach
    void tearDown() {
        if (dispatcher != null) dispatcher.close();
        database.close();
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private Dispatcher dispatcher(long tickMs) {
        dispatcher = new Dispatcher(leases, LEASE_MS, Clock.systemUTC(), () -> {
            storeChecks.incrementAndGet();
            return leases.anyReady(now());
        }, tickMs);
        return dispatcher;
    }

    private void registerNodes(int count) {
        for (int i = 0; i < count; i++) {
            String node = "node-" + i;
            nodes.register(new NodeStore.Registration(node, "key-" + node, node, List.of("wasm"), 2, 1024, 4),
                    Hashes.sha256Hex("token-" + node), now(), leases);
        }
    }

    private void submit(int count) {
        for (int i = 0; i < count; i++) {
            long now = now();
            jobs.submit(new NewJob(Ids.next("job_", now), owner.userId(), "test", null, "{}", Ids.next("tsk_", now), "wasm",
                    "{\"runtime\":\"wasm\"}", 2), now);
        }
    }

    @Test
    void one_signal_places_a_burst_on_many_waiting_polls_in_a_few_rounds() throws Exception {
        registerNodes(100);
        Dispatcher dispatcher = dispatcher(60_000);
        List<Dispatcher.Poll> polls = new ArrayList<>();
        for (int i = 0; i < 100; i++) polls.add(dispatcher.join("node-" + i, WASM, 4));
        // The joins' own rounds find nothing; wait until they are done, then queue the work.
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.waiting() == 100 && quiet(dispatcher));
        long roundsBefore = dispatcher.rounds();

        submit(40);
        dispatcher.signal();

        List<CompletableFuture<List<LeasedTask>>> answers = new ArrayList<>();
        AtomicInteger placed = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Dispatcher.Poll poll : polls) {
                answers.add(CompletableFuture.supplyAsync(() -> awaitQuietly(poll, 60_000), threads)
                        .whenComplete((tasks, e) -> placed.addAndGet(tasks == null ? 0 : tasks.size())));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> placed.get() >= 40);
            long roundsTaken = dispatcher.rounds() - roundsBefore;
            dispatcher.close(); // the polls that got nothing are answered now
            Set<String> leased = new HashSet<>();
            int answered = 0;
            for (CompletableFuture<List<LeasedTask>> answer : answers) {
                List<LeasedTask> tasks = answer.get();
                if (!tasks.isEmpty()) answered++;
                for (LeasedTask task : tasks) assertThat(leased.add(task.taskId())).as("each task leased once").isTrue();
                assertThat(tasks.size()).isLessThanOrEqualTo(4);
            }
            assertThat(leased).hasSize(40);
            assertThat(answered).isGreaterThanOrEqualTo(10);
            // 40 placements on up to 100 nodes took a handful of rounds (transactions), not one per poll.
            assertThat(roundsTaken).isBetween(1L, 8L);
        }
    }

    private static boolean quiet(Dispatcher dispatcher) {
        return dispatcher.idle();
    }

    private List<LeasedTask> awaitQuietly(Dispatcher.Poll poll, long ms) {
        try {
            return dispatcher.await(poll, ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Test
    void a_signal_with_no_poll_waiting_is_kept_for_the_next_poll() throws Exception {
        registerNodes(1);
        Dispatcher dispatcher = dispatcher(60_000);
        submit(1);
        dispatcher.signal();

        List<LeasedTask> tasks = dispatcher.await(dispatcher.join("node-0", WASM, 1), 10_000);
        assertThat(tasks).hasSize(1);
    }

    @Test
    void a_poll_whose_wait_ended_gets_nothing_and_leaves_the_task_for_the_next() throws Exception {
        registerNodes(2);
        Dispatcher dispatcher = dispatcher(60_000);
        // A node that runs nothing but gpu work: its poll waits on, then its wait ends.
        assertThat(dispatcher.await(dispatcher.join("node-0", Set.of("gpu-only"), 1), 200)).isEmpty();
        assertThat(dispatcher.waiting()).isZero();

        submit(1);
        List<LeasedTask> tasks = dispatcher.await(dispatcher.join("node-1", WASM, 1), 10_000);
        assertThat(tasks).hasSize(1);
        assertThat(jobs.get(tasks.getFirst().jobId(), owner).orElseThrow().task().node()).isEqualTo("node-1");
    }

    @Test
    void the_timer_finds_work_that_no_signal_announced() throws Exception {
        registerNodes(1);
        Dispatcher dispatcher = dispatcher(100);
        Dispatcher.Poll poll = dispatcher.join("node-0", WASM, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> quiet(dispatcher));

        submit(1); // no signal
        assertThat(dispatcher.await(poll, 10_000)).hasSize(1);
        assertThat(storeChecks.get()).isPositive();
    }

    @Test
    void closing_answers_every_waiting_poll_with_nothing() throws Exception {
        registerNodes(1);
        Dispatcher dispatcher = dispatcher(60_000);
        Dispatcher.Poll poll = dispatcher.join("node-0", WASM, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> quiet(dispatcher));
        dispatcher.close();
        assertThat(dispatcher.await(poll, 10_000)).isEmpty();
        assertThat(dispatcher.await(dispatcher.join("node-0", WASM, 1), 10_000)).isEmpty();
    }
}
