package dev.anchor.bench;

import dev.anchor.bench.SquareWorkload.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A closed-loop run: {@code concurrency} client threads (virtual) each submit a task and wait for
 * its result, then the next, until {@code tasks} have run. With one thread this measures latency
 * alone; with many it keeps that many tasks in flight and measures sustained throughput.
 *
 * @param startNanos when the phase began ({@link System#nanoTime()})
 * @param wallNanos  from the first submit to the last result
 */
record LoadPhase(String name, int concurrency, List<Sample> samples, long startNanos, long wallNanos) {

    static LoadPhase run(String name, SquareWorkload workload, int tasks, int concurrency, AtomicLong inputs) {
        return run(name, workload, tasks, Long.MAX_VALUE, concurrency, inputs);
    }

    /** Runs until {@code seconds} have passed: no new task starts after that. */
    static LoadPhase runFor(String name, SquareWorkload workload, double seconds, int concurrency, AtomicLong inputs) {
        return run(name, workload, Integer.MAX_VALUE, System.nanoTime() + (long) (seconds * 1e9), concurrency, inputs);
    }

    private static LoadPhase run(String name, SquareWorkload workload, int tasks, long deadlineNanos, int concurrency,
                                 AtomicLong inputs) {
        AtomicInteger left = new AtomicInteger(tasks);
        List<Future<List<Sample>>> perThread = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < concurrency; t++) {
                perThread.add(threads.submit(() -> {
                    List<Sample> mine = new ArrayList<>();
                    while (left.getAndDecrement() > 0 && System.nanoTime() - deadlineNanos < 0) {
                        // Squares stay below 2^31 whatever width the guest computes in.
                        mine.add(workload.run(1 + inputs.getAndIncrement() % 40_000));
                    }
                    return mine;
                }));
            }
        } // close() waits for every thread.
        long wall = System.nanoTime() - start;
        List<Sample> all = new ArrayList<>();
        for (Future<List<Sample>> thread : perThread) {
            try {
                all.addAll(thread.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("a client thread of the " + name + " phase died: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return new LoadPhase(name, concurrency, List.copyOf(all), start, wall);
    }

    List<String> failures() {
        return samples.stream().map(Sample::failure).filter(f -> f != null).toList();
    }

    long succeeded() {
        return samples.size() - failures().size();
    }

    /** Tasks that ended with the right result per second of wall time. */
    double tasksPerSecond() {
        return succeeded() / (wallNanos / 1e9);
    }

    /** Tasks/s in each of {@code parts} equal slices of the wall time: flat when the system was warm. */
    long[] ratesBySlice(int parts) {
        long[] counts = new long[parts];
        double slice = wallNanos / (double) parts;
        for (Sample s : samples) {
            if (s.failure() == null) counts[(int) Math.min(parts - 1, (s.endNanos() - startNanos) / slice)]++;
        }
        for (int i = 0; i < parts; i++) counts[i] = Math.round(counts[i] / (slice / 1e9));
        return counts;
    }

    /** Submit call → finished job in the client's hands. */
    Distribution latency() {
        return of(Sample::totalNanos);
    }

    /** The submit call alone (POST /api/v1/jobs round trip). */
    Distribution submit() {
        return of(Sample::submitNanos);
    }

    /** Submit answered → finished job in hand (the long-polled GET ?waitMs). */
    Distribution await() {
        return of(Sample::awaitNanos);
    }

    /** The coordinator's own createdAt → finishedAt, millisecond resolution. */
    Distribution server() {
        return millis(Sample::serverMillis);
    }

    /** The guest's run as its agent measured it, millisecond resolution. */
    Distribution guest() {
        return millis(Sample::guestMillis);
    }

    private Distribution millis(ToLongFunction<Sample> part) {
        return new Distribution(samples.stream().mapToLong(part).filter(ms -> ms >= 0).map(ms -> ms * 1_000_000).toArray());
    }

    private Distribution of(ToLongFunction<Sample> part) {
        return new Distribution(samples.stream().filter(s -> s.failure() == null).mapToLong(part).toArray());
    }
}
