package dev.anchor.bench;

import dev.anchor.api.TaskState;
import dev.anchor.api.VerificationSpec;
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
import dev.anchor.store.TrustPolicy;
import dev.anchor.store.TrustStore;
import dev.anchor.store.UserStore;
import dev.anchor.store.VerificationPolicy;
import dev.anchor.store.WorkflowStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The cost and the power of verification under adaptive replication (docs/verification.md), with the
 * coordinator's real trust policy:
 * <ol>
 *   <li>overhead at steady state: honest nodes lease and report through the real {@link LeaseStore} on
 *   SQLite; after every node has earned trust, extra runs (spot checks and ringers) ÷ tasks (BOINC's
 *   fixed 2-fold replication: 100 %);</li>
 *   <li>the probability of catching a node that cheats on 10 % of its tasks within its first 100 tasks,
 *   by simulating the policy's decisions (many trials), next to the closed form.</li>
 * </ol>
 * Receipts verified per second: {@code bench/run-receipts}.
 */
public final class VerificationBenchmark {
    private static final int NODES = 8;
    private static final int MEASURED_TASKS = 4_000;

    private VerificationBenchmark() {}

    public static void main(String[] args) throws Exception {
        TrustPolicy policy = TrustPolicy.DEFAULT;
        System.out.printf("Verification benchmark; trust policy: trustAfter=%d, spotCheckRate=%.2f, ringerRate=%.2f, penalty=%d; quorum 2%n%n",
                policy.trustAfter(), policy.spotCheckRate(), policy.ringerRate(), policy.penalty());
        overhead(policy);
        catchProbability(policy, 0.10, 100, 200_000);
    }

    private static void overhead(TrustPolicy policy) throws Exception {
        Path directory = Files.createTempDirectory("anchor-verification-bench");
        try (Database database = Database.sqlite(directory.resolve("anchor.db"), false)) {
            JobStore jobs = new JobStore(database);
            LeaseStore leases = new LeaseStore(database, new WorkflowStore(database, new FileBlobStore(directory.resolve("blobs"))), policy,
                    null);
            NodeStore nodes = new NodeStore(database);
            TrustStore trust = new TrustStore(database, policy);
            UserStore users = new UserStore(database);
            String customer = users.create("customer", "user", 0).id();
            for (int i = 0; i < NODES; i++) {
                nodes.register(new NodeStore.Registration("node-" + i, "key", "node-" + i, List.of("wasm"), 1, 1024, 1), "token-" + i, 0, leases);
                trust.setOwner("node-" + i, users.create("owner-" + i, "user", 0).id());
            }
            String adaptive = VerificationPolicy.parse(new VerificationSpec("adaptive", 2, 2, null, null, null)).toJson();
            long[] counts = new long[2]; // tasks, runs
            int warmupTasks = 0;
            while (trust.reputations().values().stream().anyMatch(r -> !r.trusted())) {
                run(jobs, leases, customer, adaptive, 200, counts);
                warmupTasks += 200;
                if (warmupTasks > 50_000) throw new IllegalStateException("nodes never became trusted");
            }
            long warmRuns = counts[1];
            System.out.printf("Warm-up: %d tasks took %d runs until all %d nodes were trusted (overhead while untrusted: %.0f %%)%n",
                    warmupTasks, warmRuns, NODES, 100.0 * (warmRuns - warmupTasks) / warmupTasks);
            counts[0] = 0;
            counts[1] = 0;
            long started = System.nanoTime();
            run(jobs, leases, customer, adaptive, MEASURED_TASKS, counts);
            double seconds = (System.nanoTime() - started) / 1e9;
            double overhead = (counts[1] - counts[0]) / (double) counts[0];
            System.out.printf("Steady state: %d tasks, %d runs -> verification overhead %.1f %% of useful compute (target <= 10 %%; "
                            + "expected spotCheckRate x (quorum-1) + ringers = %.1f %%; BOINC fixed 2-fold replication: 100 %%, adaptive 5-10 %%)%n",
                    counts[0], counts[1], 100 * overhead,
                    100 * (policy.spotCheckRate() + (1 - policy.spotCheckRate()) * policy.ringerRate()));
            System.out.printf("  (store throughput while measuring: %.0f tasks/s through lease+report on SQLite, single thread)%n%n",
                    counts[0] / seconds);
        }
    }

    /** Submits {@code tasks} tasks and has the honest nodes run every run of them. */
    private static void run(JobStore jobs, LeaseStore leases, String customer, String verification, int tasks, long[] counts) {
        long now = System.currentTimeMillis();
        for (int t = 0; t < tasks; t++) {
            String jobId = Ids.next("job_", now);
            String spec = "{\"runtime\":\"wasm\",\"args\":[\"" + jobId + "\"]}";
            jobs.submit(new NewJob(jobId, customer, null, null, "{}", Ids.next("tsk_", now), "wasm", spec, 2, verification), now);
            counts[0]++;
            boolean ranSomething = true;
            while (ranSomething) {
                ranSomething = false;
                // Nodes ask in turn, starting with a different one for each task, so work spreads over the fleet.
                for (int k = 0; k < NODES; k++) {
                    String node = "node-" + (int) ((counts[0] + k) % NODES);
                    for (LeasedTask task : leases.lease(node, Set.of("wasm"), 1, 60_000, now)) {
                        byte[] output = task.specJson().getBytes(StandardCharsets.UTF_8);
                        leases.report(node, List.of(new AttemptReport.Finished(task.attemptId(), TaskState.SUCCEEDED, null, output, null,
                                Hashes.sha256Hex(output), output.length, null)), now);
                        counts[1]++;
                        ranSomething = true;
                    }
                }
            }
        }
    }

    /**
     * A node that cheats on {@code rate} of its tasks, followed over its first {@code tasks} tasks, many
     * times: the policy replicates every task while the node is untrusted and a spot-check share after.
     */
    private static void catchProbability(TrustPolicy policy, double rate, int tasks, int trials) {
        SplittableRandom random = new SplittableRandom(42);
        int caught = 0;
        long tasksToCatch = 0;
        VerificationPolicy adaptive = VerificationPolicy.parse(new VerificationSpec("adaptive", 2, 2, null, null, null));
        for (int trial = 0; trial < trials; trial++) {
            long agreements = 0;
            long consecutive = 0;
            for (int task = 1; task <= tasks; task++) {
                TrustPolicy.Record record = new TrustPolicy.Record(agreements, 0, consecutive);
                boolean replicated = policy.runs(adaptive, record, random.nextDouble()) > 1;
                // A trusted single run queues a ringer with ringerRate; with several trusted nodes the cheater
                // runs about as many ringers as it queues, and it cheats on those at its usual rate too.
                boolean ringer = !replicated && random.nextDouble() < policy.ringerRate();
                boolean cheats = random.nextDouble() < rate;
                if ((replicated || ringer) && cheats) {
                    caught++;
                    tasksToCatch += task;
                    break;
                }
                if (replicated) {
                    agreements++;
                    consecutive++;
                }
            }
        }
        double p = caught / (double) trials;
        double clean = Math.pow(1 - rate, policy.trustAfter());
        double checked = policy.spotCheckRate() + (1 - policy.spotCheckRate()) * policy.ringerRate();
        double closedForm = tasks <= policy.trustAfter() ? 1 - Math.pow(1 - rate, tasks)
                : 1 - clean * Math.pow(1 - rate * checked, tasks - policy.trustAfter());
        System.out.printf("A node cheating on %.0f %% of its tasks is caught within %d tasks with probability %.2f %% "
                        + "(%d trials; closed form %.2f %%; target >= 99 %%); when caught, after %.1f tasks on average%n",
                100 * rate, tasks, 100 * p, trials, 100 * closedForm, tasksToCatch / (double) Math.max(1, caught));
        System.out.printf("  once caught it is untrusted again (every task replicated) and excluded while disagreements x %d > agreements%n",
                policy.penalty());
    }
}
