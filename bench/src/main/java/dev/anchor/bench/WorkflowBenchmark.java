package dev.anchor.bench;

import dev.anchor.api.DataRef;
import dev.anchor.api.ForEach;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.StepSpec;
import dev.anchor.api.WorkflowSpec;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.TestingPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The workflow benchmark of issue 4, on SQLite and PostgreSQL, with a coordinator and two agents as
 * real processes on this machine: a 40-step sequential workflow of trivial steps (the shape Windmill
 * published: Windmill 2.4 s, Temporal 3.0 s, Prefect 4.9 s; those are their published figures on their
 * hardware, not measured here), a 100-wide fan-out plus reduce, and 3-step workflows per second
 * sustained. Every step is a real wasm task (square), so each step pays a lease, a run and a report.
 *
 * <p>Usage: {@code bench/run-workflows [sqlite|postgres|both]}.
 */
public final class WorkflowBenchmark {
    private static final int REPEATS = 7;
    private static final int THROUGHPUT_WORKFLOWS = Integer.getInteger("anchor.bench.workflows", 3_000);
    private static final int CONCURRENCY = Integer.getInteger("anchor.bench.concurrency", 64);

    private WorkflowBenchmark() {}

    public static void main(String[] args) throws Exception {
        String stores = args.length > 0 ? args[0] : "both";
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "anchor-bench-workflows-" + ProcessHandle.current().pid());
        Path examples = Path.of(System.getProperty("anchor.root", ".")).resolve("examples/wasm");
        byte[] square = Files.readAllBytes(examples.resolve("square.wasm"));
        byte[] sum = Files.readAllBytes(examples.resolve("sum.wasm"));
        List<String> rows = new ArrayList<>();
        System.out.printf("workflow benchmark: coordinator + 2 agents (4 slots each) as processes, %d cores shared with the client%n",
                Runtime.getRuntime().availableProcessors());
        for (String store : List.of("sqlite", "postgres")) {
            if (!stores.equals("both") && !stores.equals(store)) continue;
            String url = null;
            if (store.equals("postgres")) {
                String reason = TestingPostgres.unavailableReason();
                if (reason != null) {
                    System.out.println("!!! skipping PostgreSQL: " + reason);
                    continue;
                }
                url = TestingPostgres.freshSchemaUrl();
            }
            try (BenchCluster cluster = BenchCluster.start(root.resolve(store), url, 2, 4)) {
                AnchorClient client = new AnchorClient(cluster.url(), cluster.apiKey());
                String squareSha = client.upload(square).sha256();
                String sumSha = client.upload(sum).sha256();
                System.out.println("[" + store + "] warming up");
                for (int i = 0; i < 3; i++) run(client, sequential(squareSha, 40));
                throughput(client, squareSha, 500);

                Distribution sequential = repeat(client, sequential(squareSha, 40));
                Distribution fanOut = repeat(client, fanOut(squareSha, sumSha, 100));
                double perSecond = throughput(client, squareSha, THROUGHPUT_WORKFLOWS);
                rows.add(String.format("%-9s %-34s %9.0f ms (min %.0f)   target ≤ 400 ms   ratio %.2f   Windmill 2400 / Temporal 3000 / Prefect 4900 ms (published)",
                        store, "40 sequential steps, total", sequential.p50(), sequential.millis(0.0001), sequential.p50() / 400));
                rows.add(String.format("%-9s %-34s %9.0f ms (min %.0f)", store, "100-wide fan-out + reduce, total", fanOut.p50(),
                        fanOut.millis(0.0001)));
                rows.add(String.format("%-9s %-34s %9.0f /s             target ≥ 300 /s   ratio %.2f", store, "3-step workflows, sustained",
                        perSecond, perSecond / 300));
            }
        }
        System.out.println();
        System.out.println("store     measure                                 median");
        rows.forEach(System.out::println);
    }

    private static Distribution repeat(AnchorClient client, WorkflowSpec spec) {
        long[] nanos = new long[REPEATS];
        for (int i = 0; i < REPEATS; i++) nanos[i] = run(client, spec);
        return new Distribution(nanos);
    }

    /** Submit → terminal, as the client sees it. */
    private static long run(AnchorClient client, WorkflowSpec spec) {
        long start = System.nanoTime();
        JobView job = client.submit(new JobSubmission("bench", null, spec, null));
        JobView done = client.await(job.id(), Duration.ofSeconds(60));
        long elapsed = System.nanoTime() - start;
        if (done.state() != JobState.SUCCEEDED) throw new IllegalStateException("workflow " + job.id() + " ended " + done.state() + ": " + done.reason());
        return elapsed;
    }

    private static double throughput(AnchorClient client, String square, int count) throws Exception {
        WorkflowSpec spec = sequential(square, 3);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < CONCURRENCY; w++) {
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < count) run(client, spec);
                    return null;
                }));
            }
            for (Future<?> worker : workers) worker.get();
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** s0 → s1 → … each squaring 2 (trivial steps: the cost measured is the engine's). */
    static WorkflowSpec sequential(String square, int steps) {
        List<StepSpec> list = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            list.add(new StepSpec("s" + i, "wasm", DataRef.ofBlob(square), null, null, DataRef.ofText("2"), null,
                    i == 0 ? null : List.of("s" + (i - 1)), null, null, null, null, null, null));
        }
        return new WorkflowSpec(null, null, null, list);
    }

    /** map squares 1..width, reduce sums the squares. */
    static WorkflowSpec fanOut(String square, String sum, int width) {
        try {
            var items = Json.mapper().valueToTree(IntStream.rangeClosed(1, width).boxed().toList());
            StepSpec map = new StepSpec("map", "wasm", DataRef.ofBlob(square), null, null, null, null, null, null,
                    new ForEach(items, null), null, null, null, null);
            StepSpec reduce = new StepSpec("reduce", "wasm", DataRef.ofBlob(sum), null, null, DataRef.ofText("${{ steps.map.output }}"),
                    null, List.of("map"), null, null, null, null, null, null);
            return new WorkflowSpec(null, null, null, List.of(map, reduce));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

}
