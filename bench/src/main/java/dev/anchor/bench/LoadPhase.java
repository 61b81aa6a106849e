package dev.anchor.bench;

import dev.anchor.bench.SquareWorkload.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A closed-loop run: {@code concurrency} client threads (virtual) each submit a task and wait for
 * its result, then the next, until {@code tasks} have run. With one thread this measures latency
 * alone; with many it keeps that many tasks in flight and measures sustained throughput.
 *
 * @param wallNanos from the first submit to the last result
 */
record LoadPhase(String name, int concurrency, List<Sample> samples, long wallNanos) {

    static LoadPhase run(String name, SquareWorkload workload, int tasks, int concurrency, AtomicLong inputs) {
        AtomicInteger left = new AtomicInteger(tasks);
        List<List<Sample>> perThread = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < concurrency; t++) {
                List<Sample> mine = new ArrayList<>();
                perThread.add(mine);
                threads.execute(() -> {
                    while (left.getAndDecrement() > 0) {
                        // Squares stay below 2^31 whatever width the guest computes in.
                        mine.add(workload.run(1 + inputs.getAndIncrement() % 40_000));
                    }
                });
            }
        } // close() waits for every thread, which also publishes their lists to this one.
        long wall = System.nanoTime() - start;
        List<Sample> all = new ArrayList<>(tasks);
        perThread.forEach(all::addAll);
        return new LoadPhase(name, concurrency, List.copyOf(all), wall);
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
