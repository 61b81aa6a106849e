package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.store.AttemptReport;
import dev.anchor.store.LeaseStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the agents' reports (docs/scheduling.md, "Dispatch"): report calls that arrive
 * together are applied in one store transaction ({@link LeaseStore#reportAll}) by one thread, up to
 * {@value #MAX_BATCH} calls at a time, rather than each call taking a pooled connection and a commit of
 * its own. A fleet that was just given a burst of work reports all at once; without this, a thousand
 * simultaneous report transactions queued for sixteen connections and some timed out.
 *
 * <p>Each call still gets its own answer. When a batch fails as a whole (the store is unavailable, or
 * one report breaks a constraint) its calls are applied again one by one, so one call's failure is only
 * its own. Thread-safe.
 */
final class ReportBatcher implements AutoCloseable {
    static final int MAX_BATCH = 64;
    private static final Logger LOG = LoggerFactory.getLogger(ReportBatcher.class);

    private record Pending(LeaseStore.NodeReports reports, CompletableFuture<LeaseStore.ReportOutcome> answer) {}

    private final LeaseStore leases;
    private final Clock clock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    ReportBatcher(LeaseStore leases, Clock clock) {
        this.leases = requireNonNull(leases, "leases is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.thread = Thread.ofPlatform().daemon().name("anchor-reports").start(this::loop);
    }

    /** Applies one call's reports with whatever else is waiting; blocks until they are committed. */
    LeaseStore.ReportOutcome report(String nodeId, List<AttemptReport> reports) throws InterruptedException {
        if (closed) return leases.report(nodeId, reports, clock.millis());
        Pending pending = new Pending(new LeaseStore.NodeReports(nodeId, reports), new CompletableFuture<>());
        queue.add(pending);
        try {
            while (true) {
                try {
                    return pending.answer().get(1, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // Closed while this call was queued: if the batcher's thread never took it, apply it here.
                    if (closed && queue.remove(pending)) return leases.report(nodeId, reports, clock.millis());
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            apply(batch);
            batch.clear();
        }
        // Closing: whatever is still queued is applied one by one.
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(this::applyAlone);
    }

    private void apply(List<Pending> batch) {
        if (batch.size() == 1) {
            applyAlone(batch.getFirst());
            return;
        }
        try {
            List<LeaseStore.ReportOutcome> outcomes = leases.reportAll(batch.stream().map(Pending::reports).toList(), clock.millis());
            for (int i = 0; i < batch.size(); i++) batch.get(i).answer().complete(outcomes.get(i));
        } catch (RuntimeException e) {
            LOG.debug("a batch of {} report calls failed as a whole ({}); applying them one by one", batch.size(), e.getMessage());
            batch.forEach(this::applyAlone);
        }
    }

    private void applyAlone(Pending pending) {
        try {
            pending.answer().complete(leases.report(pending.reports().nodeId(), pending.reports().reports(), clock.millis()));
        } catch (RuntimeException | Error e) {
            pending.answer().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
