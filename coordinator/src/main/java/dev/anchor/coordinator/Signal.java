package dev.anchor.coordinator;

/**
 * A wake-up for long polls: waiters note the generation, check the store, and wait for the
 * generation to move. Signalling after a commit means a waiter never sleeps through new work.
 */
final class Signal {
    private long generation;

    synchronized long generation() {
        return generation;
    }

    synchronized void fire() {
        generation++;
        notifyAll();
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
