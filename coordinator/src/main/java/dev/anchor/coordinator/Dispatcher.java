package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.store.LeaseStore;
import dev.anchor.store.LeasedTask;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places READY tasks on the nodes whose long polls wait here, in rounds (docs/scheduling.md,
 * "Dispatch"). One thread per coordinator runs a round when work may be ready: it takes up to
 * {@value #ROUND_ASKS} waiting polls, longest-waiting first, and serves them all in one store
 * transaction ({@link LeaseStore#leaseRound}). A poll that was granted tasks is answered; one that got
 * nothing goes to the back of the queue and waits on.
 *
 * <p>Per-poll leasing (each woken poll running its own transaction) cost one transaction per waiting
 * node per wake-up; rounds cost one per batch of nodes, whatever their number. When a round granted
 * something and polls still wait, another round follows at once, so a burst of work fans out across the
 * fleet. A ready signal that arrives while no poll waits is kept for the next poll. Once a second a
 * timer runs a round if READY work exists: it catches work no signal announced (a retry whose backoff
 * ran out, a notification from another coordinator that was lost). Thread-safe.
 */
final class Dispatcher implements AutoCloseable {
    /** Polls served in one round (one transaction). */
    static final int ROUND_ASKS = 128;
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final LeaseStore leases;
    private final long leaseTimeoutMs;
    private final Clock clock;
    private final BooleanSupplier anyReady;
    private final long tickMs;
    private final LinkedHashSet<Poll> queue = new LinkedHashSet<>();
    private final Thread thread;
    private boolean signalled;
    private boolean inRound;
    private boolean closed;
    private long rounds;

    /** {@code anyReady}: whether a READY task whose time has come exists (a cheap store query, run once a tick while polls wait). */
    Dispatcher(LeaseStore leases, long leaseTimeoutMs, Clock clock, BooleanSupplier anyReady, long tickMs) {
        this.leases = requireNonNull(leases, "leases is null");
        this.leaseTimeoutMs = leaseTimeoutMs;
        this.clock = requireNonNull(clock, "clock is null");
        this.anyReady = requireNonNull(anyReady, "anyReady is null");
        this.tickMs = tickMs;
        this.thread = Thread.ofPlatform().daemon().name("anchor-dispatcher").start(this::loop);
    }

    /** One waiting long poll of a node. */
    static final class Poll {
        private final LeaseStore.Ask ask;
        private final CompletableFuture<List<LeasedTask>> answer = new CompletableFuture<>();
        /** In a round now: only the round may answer it. Guarded by the dispatcher. */
        private boolean claimed;
        /** Its wait ended while it was in a round: the round answers it even with nothing. */
        private boolean withdrawn;

        private Poll(LeaseStore.Ask ask) {
            this.ask = ask;
        }
    }

    /** Queues a node's poll at the back; a round follows soon. */
    Poll join(String nodeId, Set<String> runtimes, int max) {
        Poll poll = new Poll(new LeaseStore.Ask(nodeId, runtimes, max));
        synchronized (this) {
            if (closed) {
                poll.answer.complete(List.of());
                return poll;
            }
            queue.add(poll);
            signalled = true;
            notifyAll();
        }
        return poll;
    }

    /**
     * Waits up to {@code timeoutMs} for the poll's tasks; answers them, or an empty list when the wait
     * ends first. A poll that is in a round when its wait ends gets that round's outcome, so a task is
     * never leased to a poll that has stopped listening.
     */
    List<LeasedTask> await(Poll poll, long timeoutMs) throws InterruptedException {
        try {
            return poll.answer.get(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (this) {
                if (!poll.claimed) {
                    queue.remove(poll);
                    poll.answer.complete(List.of());
                } else {
                    poll.withdrawn = true;
                }
            }
            return result(poll);
        } catch (ExecutionException e) {
            return List.of();
        } catch (InterruptedException e) {
            synchronized (this) {
                if (poll.claimed) poll.withdrawn = true;
                else queue.remove(poll);
            }
            throw e;
        }
    }

    private static List<LeasedTask> result(Poll poll) throws InterruptedException {
        try {
            return poll.answer.get();
        } catch (ExecutionException e) {
            return List.of();
        }
    }

    /** Work may be ready: a round runs soon, or when the next poll arrives. Never blocks. */
    void signal() {
        synchronized (this) {
            signalled = true;
            notifyAll();
        }
    }

    synchronized int waiting() {
        return queue.size();
    }

    /** No round runs and none is due (for tests). */
    synchronized boolean idle() {
        return !inRound && !(signalled && !queue.isEmpty());
    }

    /** Rounds run so far (for tests). */
    synchronized long rounds() {
        return rounds;
    }

    private void loop() {
        while (true) {
            List<Poll> round;
            boolean othersWaiting;
            try {
                synchronized (this) {
                    long tickAt = System.nanoTime() + tickMs * 1_000_000;
                    while (!closed && !(signalled && !queue.isEmpty())) {
                        long left = (tickAt - System.nanoTime()) / 1_000_000;
                        if (left <= 0) break;
                        wait(left);
                    }
                    if (closed) return;
                }
                // The timer: with polls waiting and no signal, look for READY work no signal announced.
                boolean tick;
                synchronized (this) {
                    tick = !signalled;
                }
                if (tick && (waiting() == 0 || !anyReady.getAsBoolean())) continue;
                synchronized (this) {
                    // No poll waits: a signal stays pending for the next poll.
                    if (queue.isEmpty()) continue;
                    signalled = false;
                    round = new ArrayList<>(Math.min(ROUND_ASKS, queue.size()));
                    Iterator<Poll> it = queue.iterator();
                    while (round.size() < ROUND_ASKS && it.hasNext()) {
                        Poll poll = it.next();
                        poll.claimed = true;
                        round.add(poll);
                    }
                    othersWaiting = queue.size() > round.size();
                    rounds++;
                    inRound = true;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("dispatcher could not check for ready work: {}", e.getMessage());
                continue;
            }
            run(round, othersWaiting);
        }
    }

    private void run(List<Poll> round, boolean othersWaiting) {
        List<LeaseStore.Batch> batches;
        try {
            batches = leases.leaseRound(round.stream().map(p -> p.ask).toList(), othersWaiting, leaseTimeoutMs, clock.millis());
        } catch (RuntimeException e) {
            // The store is unavailable: the polls wait on, and the next signal or tick tries again.
            LOG.warn("dispatch round failed; its {} polls wait on: {}", round.size(), e.getMessage());
            settle(round, null);
            return;
        }
        settle(round, batches);
    }

    /** Answers the polls that were granted tasks (or whose wait ended); the rest queue again at the back. */
    private void settle(List<Poll> round, List<LeaseStore.Batch> batches) {
        boolean granted = false;
        boolean more = false;
        synchronized (this) {
            for (int i = 0; i < round.size(); i++) {
                Poll poll = round.get(i);
                poll.claimed = false;
                LeaseStore.Batch batch = batches == null ? null : batches.get(i);
                queue.remove(poll);
                if (batch != null && !batch.tasks().isEmpty()) {
                    granted = true;
                    more |= batch.more();
                    poll.answer.complete(batch.tasks());
                } else if (poll.withdrawn || closed) {
                    poll.answer.complete(List.of());
                } else {
                    queue.add(poll);
                }
            }
            // Something was placed and polls still wait: more work may be left for them.
            if ((granted || more) && !queue.isEmpty()) signalled = true;
            inRound = false;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (Poll poll : queue) {
                if (!poll.claimed) poll.answer.complete(List.of());
            }
            queue.clear();
            notifyAll();
        }
        thread.interrupt();
    }
}
