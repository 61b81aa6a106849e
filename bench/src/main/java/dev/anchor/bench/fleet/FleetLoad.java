package dev.anchor.bench.fleet;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.DataRef;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.agent.Lease;
import dev.anchor.client.AnchorClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A steady stream of trivial tasks: {@code concurrency} virtual threads, each submitting a builtin
 * {@code crypto.sha256} task (the simulated nodes run nothing) and waiting until a node reports it
 * STARTED, in a loop. Submit→start is measured here: from just before the submit call to the moment
 * the fleet's listener sees the lease. Only tasks submitted inside the measured window count.
 */
final class FleetLoad implements SimulatedFleet.Listener {
    static final TaskSpec TASK = new TaskSpec("builtin", null, null, null, DataRef.ofText("fleet"), null, null, "crypto", "sha256",
            null, null, null, null, null);
    private static final long START_TIMEOUT_S = 60;

    private final Map<String, CompletableFuture<Long>> starts = new ConcurrentHashMap<>();

    /** What one measured window saw. */
    record Result(int placements, double seconds, long[] latencyNanos, long[] submitNanos, long failures, List<String> jobIds) {
        double perSecond() {
            return placements / seconds;
        }

        /** The {@code q}-quantile of submit→start, ms, by nearest rank. */
        double millis(double q) {
            return quantile(latencyNanos, q);
        }

        /** The {@code q}-quantile of the submit call alone (POST /jobs), ms. */
        double submitMillis(double q) {
            return quantile(submitNanos, q);
        }

        private static double quantile(long[] values, double q) {
            if (values.length == 0) return Double.NaN;
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[Math.clamp((int) Math.ceil(q * sorted.length) - 1, 0, sorted.length - 1)] / 1e6;
        }
    }

    @Override
    public void started(Lease lease, long nanoTime) {
        starts.computeIfAbsent(lease.jobId(), id -> new CompletableFuture<>()).complete(nanoTime);
    }

    /**
     * Runs the stream for {@code warmupSeconds + seconds} against {@code clients} (thread i submits to
     * client {@code i % size}) and answers what the last {@code seconds} saw.
     */
    Result run(List<AnchorClient> clients, int concurrency, int warmupSeconds, int seconds) throws InterruptedException {
        requireNonNull(clients, "clients is null");
        long begin = System.nanoTime();
        long measureFrom = begin + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> submits = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> jobIds = java.util.Collections.synchronizedList(new ArrayList<>());
        LongAdder failures = new LongAdder();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < concurrency; t++) {
                AnchorClient client = clients.get(t % clients.size());
                threads.submit(() -> {
                    while (true) {
                        long submitted = System.nanoTime();
                        if (submitted >= measureTo) return;
                        try {
                            String jobId = client.submit(JobSubmission.of("fleet", TASK)).id();
                            long answered = System.nanoTime();
                            long started = starts.computeIfAbsent(jobId, id -> new CompletableFuture<>()).get(START_TIMEOUT_S, TimeUnit.SECONDS);
                            starts.remove(jobId);
                            if (submitted >= measureFrom) {
                                latencies.add(started - submitted);
                                submits.add(answered - submitted);
                                jobIds.add(jobId);
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            failures.increment();
                            if (failures.sum() <= 5) System.out.println("   ! a task did not start: " + e);
                        }
                    }
                });
            }
        }
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        return new Result(nanos.length, seconds, nanos, submits.stream().mapToLong(Long::longValue).toArray(), failures.sum(),
                List.copyOf(jobIds));
    }
}
