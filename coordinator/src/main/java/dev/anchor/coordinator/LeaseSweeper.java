package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.store.CoordinatorLease;
import dev.anchor.store.LeaseStore;
import dev.anchor.store.NodeLifecycle;
import dev.anchor.store.StoreException;
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
 * workflows past their deadline, marks nodes silent past {@link CoordinatorConfig#lostAfterMs()} LOST
 * (not before that long after this coordinator started or its store came back), then wakes pollers. Retry backoffs need no timer: a retried task is
 * READY with a future {@code ready_at}, and pollers re-check the store at least once a second.
 *
 * <p>When several coordinators share one PostgreSQL, only the holder of the {@link CoordinatorLease}
 * {@code sweeper} sweeps; each sweep renews it for three sweep periods, so a dead holder's duty passes to
 * another coordinator within about three periods plus one.
 *
 * <p>While the store is unreachable nodes cannot heartbeat either; the first sweep after an outage
 * therefore pushes every lease one lease period out (as a coordinator does at start) before it expires
 * anything, so an outage of the database alone never costs running attempts.
 */
final class LeaseSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseSweeper.class);

    private final LeaseStore leases;
    private final WorkflowStore workflows;
    private final Signal ready;
    private final JobSignals jobSignals;
    private final Clock clock;
    private final CoordinatorLease duty;
    private final long graceMs;
    private final NodeLifecycle lifecycle;
    private final long lostAfterMs;
    /** Nodes are declared LOST only from here: after a start or an outage they get the grace period to heartbeat again. */
    private long lostCheckFrom;
    private boolean storeFailed;
    private volatile long periodMs = 1_000;
    private volatile boolean holding;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "anchor-lease-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    LeaseSweeper(LeaseStore leases, WorkflowStore workflows, Signal ready, JobSignals jobSignals, Clock clock,
                 CoordinatorLease duty, long graceMs, NodeLifecycle lifecycle, long lostAfterMs) {
        this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
        this.lostAfterMs = lostAfterMs;
        this.lostCheckFrom = clock.millis() + lostAfterMs;
        this.leases = requireNonNull(leases, "leases is null");
        this.workflows = requireNonNull(workflows, "workflows is null");
        this.ready = requireNonNull(ready, "ready is null");
        this.jobSignals = requireNonNull(jobSignals, "jobSignals is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.duty = requireNonNull(duty, "duty is null");
        this.graceMs = graceMs;
    }

    void start(long periodMs) {
        this.periodMs = periodMs;
        timer.scheduleWithFixedDelay(this::sweep, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Whether this coordinator held the sweeper lease at its last sweep. */
    boolean holding() {
        return holding;
    }

    void sweep() {
        try {
            boolean held = duty.acquire(clock.millis(), 3 * periodMs);
            if (held != holding) {
                LOG.info(held ? "this coordinator ({}) now sweeps expired leases and deadlines"
                        : "coordinator {} no longer holds the sweeper lease; another one sweeps", duty.holder());
                holding = held;
            }
            if (!held) {
                storeFailed = false;
                return;
            }
            if (storeFailed) {
                leases.graceAll(clock.millis() + graceMs);
                lostCheckFrom = clock.millis() + lostAfterMs;
                LOG.info("the store is back; active leases get {} ms for their nodes to heartbeat again", graceMs);
                storeFailed = false;
            }
            Set<String> changed = new java.util.LinkedHashSet<>(leases.expire(clock.millis()));
            changed.addAll(workflows.expireDeadlines(clock.millis()));
            if (clock.millis() >= lostCheckFrom) changed.addAll(lifecycle.markLost(clock.millis(), lostAfterMs, leases));
            if (!changed.isEmpty()) {
                LOG.info("expired leases of {} job(s); their tasks are ready again or failed", changed.size());
                jobSignals.fire(changed);
                ready.fire();
            }
        } catch (StoreException e) {
            storeFailed = true;
            LOG.warn("lease sweep failed, the store is unavailable; will retry: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("lease sweep failed; will retry", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (holding) {
            try {
                duty.release();
            } catch (RuntimeException e) {
                LOG.debug("could not release the sweeper lease: {}", e.getMessage());
            }
        }
    }
}
