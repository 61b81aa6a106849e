package dev.anchor.bench.fleet;

import java.util.concurrent.atomic.LongAdder;

/** What the whole fleet did, counted without contention. */
final class FleetCounters {
    final LongAdder leased = new LongAdder();
    final LongAdder reported = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder heartbeats = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Open while the fleet may poll for leases (see {@link SimulatedFleet#release()} and {@link SimulatedFleet#hold}). */
    private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    /** The leases nodes keep running (STARTED only) until told to finish them; the others they finish at once. */
    volatile java.util.function.Predicate<dev.anchor.api.agent.Lease> keepRunning = lease -> false;
    /** Nodes between deciding to poll and having answered that poll's leases. */
    private int polling;
    /** Why the first refused report or failed call went wrong, for the benchmark to print. */
    final java.util.concurrent.atomic.AtomicReference<String> firstProblem = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Called by a node before it polls: answers true once it may (the gate is open), counting it as
     * polling until {@link #polled()}; waits while the fleet is held.
     */
    boolean mayPoll() throws InterruptedException {
        synchronized (this) {
            polling++;
        }
        if (gate.getCount() == 0) return true;
        polled();
        gate.await();
        return false;
    }

    /** Called by a node once a poll (and the report of what it leased) is done. */
    synchronized void polled() {
        if (--polling == 0) notifyAll();
    }

    synchronized void release() {
        gate.countDown();
    }

    /** Closes the gate: no node starts another poll until {@link #release()}. */
    synchronized void close() {
        if (gate.getCount() == 0) gate = new java.util.concurrent.CountDownLatch(1);
    }

    synchronized int polling() {
        return polling;
    }

    /** Waits until no node is inside a poll, or {@code timeoutMs} passes; answers whether none is. */
    synchronized boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (polling > 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    void problem(String what) {
        firstProblem.compareAndSet(null, what);
    }
}
