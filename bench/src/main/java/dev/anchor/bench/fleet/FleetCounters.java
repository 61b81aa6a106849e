package dev.anchor.bench.fleet;

import java.util.concurrent.atomic.LongAdder;

/** What the whole fleet did, counted without contention. */
final class FleetCounters {
    final LongAdder leased = new LongAdder();
    final LongAdder reported = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder heartbeats = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Opened once the fleet may poll for leases (see {@link SimulatedFleet#release()}). */
    final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    /** Why the first refused report or failed call went wrong, for the benchmark to print. */
    final java.util.concurrent.atomic.AtomicReference<String> firstProblem = new java.util.concurrent.atomic.AtomicReference<>();

    void problem(String what) {
        firstProblem.compareAndSet(null, what);
    }
}
