package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.store.LeaseStore;
import dev.anchor.store.WorkflowStore;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's timers, a few times per lease period: expires leases whose heartbeats stopped and
 * workflows past their deadline, then wakes pollers. Retry backoffs need no timer: a retried task is
 * READY with a future {@code ready_at}, and pollers re-check the store at least once a second.
 */
final class LeaseSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseSweeper.class);

    private final LeaseStore leases;
    private final WorkflowStore workflows;
    private final Signal ready;
    private final JobSignals jobSignals;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "anchor-lease-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    LeaseSweeper(LeaseStore leases, WorkflowStore workflows, Signal ready, JobSignals jobSignals, Clock clock) {
        this.leases = requireNonNull(leases, "leases is null");
        this.workflows = requireNonNull(workflows, "workflows is null");
        this.ready = requireNonNull(ready, "ready is null");
        this.jobSignals = requireNonNull(jobSignals, "jobSignals is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void start(long periodMs) {
        timer.scheduleWithFixedDelay(this::sweep, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    void sweep() {
        try {
            Set<String> changed = new java.util.LinkedHashSet<>(leases.expire(clock.millis()));
            changed.addAll(workflows.expireDeadlines(clock.millis()));
            if (!changed.isEmpty()) {
                LOG.info("expired leases of {} job(s); their tasks are ready again or failed", changed.size());
                jobSignals.fire(changed);
                ready.fire();
            }
        } catch (RuntimeException e) {
            LOG.warn("lease sweep failed; will retry", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
