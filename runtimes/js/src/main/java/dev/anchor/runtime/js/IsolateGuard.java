package dev.anchor.runtime.js;

import static java.util.Objects.requireNonNull;

import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.monitoring.V8HeapStatistics;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops one task's isolate when it runs past a limit or is cancelled, and remembers why.
 *
 * <p>V8 stops running JavaScript only when asked to with {@code terminateExecution()}, which any
 * thread may call; termination cannot be caught by the script. The guard asks on:
 * <ul>
 *   <li>the wall-clock deadline (a timer);</li>
 *   <li>the heap cap: V8's near-heap-limit callback fires when the isolate nears V8's
 *       process-wide heap ceiling; the guard terminates and lets the heap grow a little so that V8
 *       does not abort the whole process for want of memory. Caps below the ceiling are checked
 *       after every garbage collection and by sampling;</li>
 *   <li>the external-memory cap (ArrayBuffer storage lives outside the V8 heap): checked after
 *       every garbage collection, which V8 triggers as external memory grows, and by sampling;</li>
 *   <li>cancellation by the caller.</li>
 * </ul>
 *
 * <p>Thread-safe. The guard never touches the isolate after {@link #close()}: the timer thread
 * and V8's statistics callbacks may still fire, and the isolate is freed right after.
 */
final class IsolateGuard {

    /** Why the guard stopped the script. */
    enum Stop { TIMEOUT, HEAP, EXTERNAL_MEMORY, CANCELLED }

    static final long SAMPLE_INTERVAL_MS = 10;

    private final V8Runtime isolate;
    private final long capBytes;
    private Stop stop;
    private boolean closed;
    private int callsInFlight;
    private long peakBytes;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> sampler;

    IsolateGuard(V8Runtime isolate, long capBytes) {
        this.isolate = requireNonNull(isolate, "isolate is null");
        if (capBytes <= 0) throw new IllegalArgumentException("capBytes must be positive");
        this.capBytes = capBytes;
    }

    /** Starts guarding. Called on the isolate's thread before any script runs. */
    void arm(ScheduledExecutorService timer, long timeoutMs) {
        isolate.setNearHeapLimitCallback((currentLimit, initialLimit) -> {
            stop(Stop.HEAP);
            // Headroom for the allocations V8 makes before it notices the termination; the
            // isolate is closed right after, so this heap never gets to use it for long.
            return currentLimit + Math.max(currentLimit / 2, 16L << 20);
        });
        isolate.addGCEpilogueCallback((type, flags) -> sample());
        synchronized (this) {
            deadline = timer.schedule(() -> stop(Stop.TIMEOUT), Math.max(1, timeoutMs), TimeUnit.MILLISECONDS);
            sampler = timer.scheduleWithFixedDelay(
                    this::sample, SAMPLE_INTERVAL_MS, SAMPLE_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Terminates the script unless it was already stopped for another reason. */
    void stop(Stop reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (stop == null) {
                stop = reason;
            }
            isolate.terminateExecution();
        }
    }

    synchronized Stop stopped() {
        return stop;
    }

    /** The most heap plus external memory the isolate was seen to use. */
    synchronized long peakBytes() {
        return peakBytes;
    }

    /** Takes a last measurement; on the isolate's thread, after the script. */
    void measureNow() {
        if (enter(true)) {
            try {
                var statistics = isolate.getV8HeapStatistics().getNow(null);
                if (statistics != null) {
                    record(statistics);
                }
            } finally {
                exit();
            }
        }
    }

    /**
     * Stops guarding; the isolate may be closed once this returns. Called on the isolate's thread.
     * Waits for a statistics request that another thread is making at this moment.
     */
    void close() {
        boolean interrupted = false;
        synchronized (this) {
            closed = true;
            if (deadline != null) deadline.cancel(false);
            if (sampler != null) sampler.cancel(false);
            while (callsInFlight > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample() {
        if (!enter(false)) {
            return;
        }
        try {
            // Completes on the isolate's thread at its next interrupt check, or at once when idle.
            isolate.getV8HeapStatistics().thenAccept(this::check);
        } catch (RuntimeException e) {
            // The isolate is going away; nothing to measure.
        } finally {
            exit();
        }
    }

    private void check(V8HeapStatistics statistics) {
        if (statistics == null) {
            return;
        }
        record(statistics);
        if (statistics.getUsedHeapSize() > capBytes) {
            stop(Stop.HEAP);
        } else if (statistics.getExternalMemory() > capBytes) {
            stop(Stop.EXTERNAL_MEMORY);
        }
    }

    private synchronized void record(V8HeapStatistics statistics) {
        peakBytes = Math.max(peakBytes, statistics.getUsedHeapSize() + Math.max(0, statistics.getExternalMemory()));
    }

    private synchronized boolean enter(boolean evenIfStopped) {
        if (closed || (stop != null && !evenIfStopped)) {
            return false;
        }
        callsInFlight++;
        return true;
    }

    private synchronized void exit() {
        callsInFlight--;
        notifyAll();
    }
}
