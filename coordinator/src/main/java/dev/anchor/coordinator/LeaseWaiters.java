package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' long polls waiting for work on this coordinator, longest-waiting first, and who is woken
 * when work may be ready (docs/scheduling.md, "Dispatch"). Waking every poll at every ready signal costs
 * one leasing transaction per waiting node per submit (the thundering herd that held a 1,000-node fleet
 * to 54 placements/s); instead:
 * <ul>
 *   <li>a ready signal wakes the one poll that has waited longest, with a budget of {@value #HOPS} hops:
 *       a woken poll that finds nothing it can run (constraints, verification) passes the wake on to the
 *       next, until the budget is spent;</li>
 *   <li>a poll that leased and saw more work left wakes the next poll at once (a fresh budget), so a
 *       burst of work fans out along the queue;</li>
 *   <li>a signal that finds no one waiting is kept (up to {@value #MAX_PENDING}) for the next poll to
 *       arrive, so work made ready between a poll's leasing query and its wait is never slept through;</li>
 *   <li>once a second a timer wakes the {@value #TICK_WAKES} longest waiters if READY work exists: it
 *       catches work no signal announced (a retry's backoff ran out, a lost notification from another
 *       coordinator) at a cost that does not grow with the number of nodes.</li>
 * </ul>
 * Woken polls that find nothing queue again at the back, so the timer's wakes rotate through all nodes.
 * Thread-safe.
 */
final class LeaseWaiters implements AutoCloseable {
    static final int HOPS = 8;
    static final int MAX_PENDING = 64;
    static final int TICK_WAKES = 2;
    private static final Logger LOG = LoggerFactory.getLogger(LeaseWaiters.class);

    private final LinkedHashSet<Waiter> queue = new LinkedHashSet<>();
    private final BooleanSupplier anyReady;
    private final Thread ticker;
    private int pending;
    private volatile boolean closed;

    /** {@code anyReady}: whether a READY task whose time has come exists (a cheap store query, run once a second while polls wait). */
    LeaseWaiters(BooleanSupplier anyReady, long tickMs) {
        this.anyReady = requireNonNull(anyReady, "anyReady is null");
        this.ticker = Thread.ofVirtual().name("anchor-lease-ticker").start(() -> tick(tickMs));
    }

    /** One waiting long poll. */
    static final class Waiter {
        private boolean woken;
        private int hops;

        private synchronized void wake(int hopsLeft) {
            woken = true;
            hops = hopsLeft;
            notifyAll();
        }

        /** Waits until woken or {@code timeoutMs} passes; true when woken. */
        synchronized boolean await(long timeoutMs) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            while (!woken) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return false;
                wait(left);
            }
            return true;
        }

        synchronized int hops() {
            return hops;
        }
    }

    /** Queues a poll at the back; one that arrives while a signal is pending is woken at once. */
    synchronized Waiter join() {
        Waiter waiter = new Waiter();
        if (pending > 0) {
            pending--;
            waiter.wake(HOPS);
        } else {
            queue.add(waiter);
        }
        return waiter;
    }

    /** Takes a poll out of the queue (it leased, or its wait ended). */
    synchronized void leave(Waiter waiter) {
        queue.remove(waiter);
    }

    /** Whether some poll waits here now (leases then spread: a node that runs work gets one task per call). */
    synchronized boolean anyWaiting() {
        return !queue.isEmpty();
    }

    synchronized int waiting() {
        return queue.size();
    }

    /** Work may be ready: wakes the longest waiter, or keeps the signal for the next poll. */
    void signal() {
        if (wake(1, HOPS) == 0) {
            synchronized (this) {
                // Re-checked under the lock: a poll may have queued since.
                if (queue.isEmpty()) {
                    pending = Math.min(MAX_PENDING, pending + 1);
                    return;
                }
            }
            wake(1, HOPS);
        }
    }

    /** A woken poll found nothing it could run: the next waiter tries, while the wake's hops last. */
    void passOn(Waiter from) {
        int hops = from.hops() - 1;
        if (hops > 0) wake(1, hops);
    }

    /** A poll leased and saw more work: the next waiter tries, with a fresh budget. */
    void more() {
        wake(1, HOPS);
    }

    /** Wakes up to {@code count} of the longest waiters; answers how many it woke. */
    int wake(int count, int hops) {
        List<Waiter> woken = new ArrayList<>(count);
        synchronized (this) {
            Iterator<Waiter> it = queue.iterator();
            while (woken.size() < count && it.hasNext()) {
                woken.add(it.next());
                it.remove();
            }
        }
        for (Waiter waiter : woken) waiter.wake(hops);
        return woken.size();
    }

    private void tick(long tickMs) {
        while (!closed) {
            try {
                Thread.sleep(tickMs); // A timer period, not synchronisation.
                if (anyWaiting() && anyReady.getAsBoolean()) wake(TICK_WAKES, HOPS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("lease timer could not check for ready work: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }
}
