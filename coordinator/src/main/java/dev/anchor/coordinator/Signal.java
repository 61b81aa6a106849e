package dev.anchor.coordinator;

/**
 * A wake-up for long polls: waiters note the generation, check the store, and wait for the
 * generation to move. Signalling after a commit means a waiter never sleeps through new work.
 *
 * <p>A signal may relay its firings to other coordinators (see {@link ReadyNotifier}); a wake-up that
 * came from another coordinator is fired with {@link #fireLocally()}, so it is never relayed back.
 */
final class Signal {
    private long generation;
    private volatile Runnable relay;
    private volatile Runnable listener;

    synchronized long generation() {
        return generation;
    }

    /** Wakes local waiters and, when a relay is set, waiters on the other coordinators. */
    void fire() {
        fireLocally();
        Runnable target = relay;
        if (target != null) target.run();
    }

    /** Wakes only this process's waiters, and tells the listener (see {@link #onFire}). */
    void fireLocally() {
        synchronized (this) {
            generation++;
            notifyAll();
        }
        Runnable target = listener;
        if (target != null) target.run();
    }

    /**
     * Sets what every firing (local or relayed from another coordinator) also calls; it must not block.
     * The agents' lease polls use it to start a dispatch round (see {@link Dispatcher}).
     */
    void onFire(Runnable target) {
        this.listener = target;
    }

    /** Sets what {@link #fire()} also calls; it must not block. */
    void relayTo(Runnable target) {
        this.relay = target;
    }

    /** Waits until the generation differs from {@code seen} or {@code timeoutMs} passes. */
    synchronized void await(long seen, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (generation == seen) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return;
            wait(left);
        }
    }
}
