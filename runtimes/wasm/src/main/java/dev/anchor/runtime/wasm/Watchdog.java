package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enforces wall-clock limits by interrupting the thread that runs a guest: Chicory's compiled code
 * and its interpreter check the interrupt flag on every call and backward branch, so even
 * {@code loop br 0} stops. One daemon timer thread serves every task of the runtime.
 */
final class Watchdog implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;

    Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            var thread = new Thread(runnable, "anchor-wasm-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // Almost every watch is cancelled long before it fires; without this they pile up in the queue.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Starts watching the current thread; it is interrupted if the watch is not stopped in time. */
    Watch watch(long timeoutMs) {
        var watch = new Watch(Thread.currentThread());
        watch.future = timer.schedule(watch::fire, timeoutMs, TimeUnit.MILLISECONDS);
        return watch;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One guest's deadline. */
    static final class Watch {
        private final Thread thread;
        private Future<?> future;
        private boolean stopped;
        private boolean fired;
        private Runnable onTimeout;

        private Watch(Thread thread) {
            this.thread = requireNonNull(thread, "thread is null");
        }

        private synchronized void fire() {
            // A pending interrupt is a cancellation; leave it to be reported as one.
            if (stopped || thread.isInterrupted()) {
                return;
            }
            fired = true;
            thread.interrupt();
            if (onTimeout != null) {
                onTimeout.run();
            }
        }

        /**
         * Also runs this when the deadline passes (for engines that do not stop on an interrupt,
         * like V8), or at once if it already has; null removes it. Once this returns with null, the
         * previous action will not run any more.
         */
        synchronized void onTimeout(Runnable action) {
            onTimeout = action;
            if (action != null && fired && !stopped) {
                action.run();
            }
        }

        /**
         * Stops watching. Called on the watched thread. Returns whether the deadline passed, and
         * then clears the interrupt the watchdog delivered so it does not leak to the caller;
         * holding the lock guarantees no interrupt arrives after this returns.
         */
        synchronized boolean stop() {
            stopped = true;
            future.cancel(false);
            if (fired) {
                Thread.interrupted();
            }
            return fired;
        }
    }
}
